import { operatorsByType, type FieldType } from './rule.js';

/** A field marketers can build rules on. */
export interface SegmentField {
  /** What rules name it by: `spend`, `city`, `attributes.tier`. */
  id: string;
  label: string;
  type: FieldType;
  /** Where it lives in a customer document. */
  path: string;
  operators: readonly string[];
  /** Built in, or a custom attribute integrators send (declared or discovered in the data). */
  source: 'builtin' | 'attribute';
  description?: string;
}

/** The types a custom attribute can have (integrators send scalars). */
export type AttributeType = Extract<FieldType, 'number' | 'string' | 'boolean'>;

function field(id: string, label: string, type: FieldType, path: string, description?: string): SegmentField {
  return { id, label, type, path, operators: operatorsByType[type], source: 'builtin', ...(description ? { description } : {}) };
}

/** The fields every customer has. */
export const builtinSegmentFields: readonly SegmentField[] = [
  field('spend', 'Total spend', 'number', 'totalSpend', 'Spend the integrator reported plus the orders received (cancelled and refunded excluded).'),
  field('visits', 'Visits', 'number', 'visits'),
  field('orderCount', 'Orders', 'number', 'orderCount'),
  field('lastActive', 'Last active', 'date', 'lastActive', 'The later of the last order and the activity the integrator reported; never active counts as inactive.'),
  field('lastOrderAt', 'Last order', 'date', 'lastOrderAt'),
  field('firstOrderAt', 'First order', 'date', 'firstOrderAt'),
  field('createdAt', 'Added to Drumbeat', 'date', 'createdAt'),
  field('name', 'Name', 'string', 'name'),
  field('email', 'E-mail', 'string', 'email'),
  field('phone', 'Phone', 'string', 'phone'),
  field('city', 'City', 'string', 'city'),
  field('tags', 'Tags', 'tags', 'tags'),
];

/** Attribute keys a rule may name: what integrators send, minus anything that could act as an operator or a path. */
export const attributeKeyPattern = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

/** The field of a custom attribute. */
export function attributeField(key: string, type: AttributeType): SegmentField {
  return { id: `attributes.${key}`, label: key, type, path: `attributes.${key}`, operators: operatorsByType[type], source: 'attribute' };
}

/** The fields of one installation: the built-in ones and its custom attributes. */
export interface FieldRegistry {
  readonly fields: readonly SegmentField[];
  get(id: string): SegmentField | undefined;
}

/** A registry of the built-in fields plus the given attributes (keys that are not safe are left out). */
export function createFieldRegistry(attributes: ReadonlyArray<{ key: string; type: AttributeType }> = []): FieldRegistry {
  const fields = [...builtinSegmentFields, ...attributes.filter(({ key }) => attributeKeyPattern.test(key)).map(({ key, type }) => attributeField(key, type))];
  const byId = new Map(fields.map((entry) => [entry.id, entry]));
  return { fields, get: (id) => byId.get(id) };
}

/** The custom attribute keys of a registry (`tier` for `attributes.tier`): what templates may name. */
export function attributeKeysOf(registry: FieldRegistry): string[] {
  return registry.fields.filter((field) => field.source === 'attribute').map((field) => field.id.slice('attributes.'.length));
}
