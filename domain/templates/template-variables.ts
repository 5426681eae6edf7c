import { attributeKeyPattern } from '../segments/field-registry.js';
import { closestName } from './closest-name.js';
import { exampleAttributeValue, exampleCustomer, type TemplateCustomer } from './template-customer.js';

// The variables a template may name. Built-ins read the customer's profile and order aggregates;
// custom attributes are `attributes.<key>`, allowed only for keys the installation knows (declared or
// discovered, as for segments), so a typo in a key is caught when the template is saved, not when
// a million messages go out with a blank in them.

/** A variable as the token picker shows it. */
export interface TemplateVariable {
  /** What templates write between the braces: `first_name`, `attributes.tier`. */
  name: string;
  label: string;
  description: string;
  source: 'builtin' | 'attribute';
  /** What it looks like for the example customer; also its typical length in SMS estimates. */
  example: string;
}

/** Which attribute keys templates may name: those given, or (`'any'`) every well-formed key, for checks that run without an installation at hand. */
export type AttributeKeys = readonly string[] | 'any';

/** What templates are checked and rendered against: the attribute keys of the installation. */
export interface TemplateOptions {
  attributeKeys: AttributeKeys;
}

/** Reads one variable's value from a customer: null when the customer has none (the fallback applies). */
export type ValueReader = (customer: TemplateCustomer) => string | null;

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}

function nameParts(customer: TemplateCustomer): string[] {
  return text(customer.name)?.split(/\s+/) ?? [];
}

function count(value: number): string | null {
  return Number.isFinite(value) ? String(Math.trunc(value)) : null;
}

/**
 * An amount grouped by thousands with up to two decimals (`12,450`, `1,299.50`). No currency symbol:
 * the customer record does not say which currency, and a guessed one is worse than none.
 */
export function formatAmount(value: number): string | null {
  if (!Number.isFinite(value)) return null;
  const cents = Math.round(Math.abs(value) * 100);
  const whole = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = cents % 100 === 0 ? '' : `.${String(cents % 100).padStart(2, '0')}`;
  return `${value < 0 && cents > 0 ? '-' : ''}${whole}${fraction}`;
}

/** A date as YYYY-MM-DD in UTC, so every worker renders the same text whatever its time zone. */
export function formatDate(value: Date | string | null): string | null {
  if (value === null) return null;
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

interface BuiltinVariable {
  name: string;
  label: string;
  description: string;
  read: ValueReader;
}

const builtins: readonly BuiltinVariable[] = [
  { name: 'name', label: 'Name', description: 'Full name as the integrator sent it.', read: (c) => text(c.name) },
  { name: 'first_name', label: 'First name', description: 'The first word of the name.', read: (c) => nameParts(c)[0] ?? null },
  {
    name: 'last_name',
    label: 'Last name',
    description: 'The last word of the name; missing when the name is one word.',
    read: (c) => {
      const parts = nameParts(c);
      return parts.length > 1 ? (parts[parts.length - 1] ?? null) : null;
    },
  },
  { name: 'email', label: 'E-mail', description: 'E-mail address.', read: (c) => text(c.email) },
  { name: 'phone', label: 'Phone', description: 'Phone number as the integrator sent it.', read: (c) => text(c.phone) },
  { name: 'city', label: 'City', description: 'City.', read: (c) => text(c.city) },
  {
    name: 'total_spend',
    label: 'Total spend',
    description: 'Lifetime spend, grouped by thousands, without a currency symbol (write it in the template).',
    read: (c) => formatAmount(c.totalSpend),
  },
  { name: 'order_count', label: 'Orders', description: 'Number of orders.', read: (c) => count(c.orderCount) },
  { name: 'visits', label: 'Visits', description: 'Number of visits.', read: (c) => count(c.visits) },
  { name: 'last_order_date', label: 'Last order date', description: 'Date of the last order, YYYY-MM-DD (UTC).', read: (c) => formatDate(c.lastOrderAt) },
];

const attributePrefix = 'attributes.';

/** The variables every installation has, as the token picker lists them. */
export const builtinTemplateVariables: readonly TemplateVariable[] = builtins.map(({ name, label, description, read }) => ({
  name,
  label,
  description,
  source: 'builtin',
  example: read(exampleCustomer) ?? '',
}));

function attributeValue(key: string): ValueReader {
  return (customer) => {
    // Own keys only: `attributes.constructor` must not read Object.prototype.constructor.
    const value = Object.hasOwn(customer.attributes, key) ? customer.attributes[key] : undefined;
    if (value === null || value === undefined) return null;
    return typeof value === 'string' ? text(value) : String(value);
  };
}

/** The variable of a custom attribute. */
export function attributeVariable(key: string): TemplateVariable {
  return {
    name: `${attributePrefix}${key}`,
    label: key,
    description: `Custom attribute "${key}", as the integrator sent it.`,
    source: 'attribute',
    example: exampleAttributeValue,
  };
}

/** The variables of one installation and how to read them. */
export interface VariableRegistry {
  /** Built-ins, then the known attributes (empty when every key is allowed: they are not known then). */
  readonly variables: readonly TemplateVariable[];
  /** How to read a variable, or undefined when no such variable is known. */
  reader(name: string): ValueReader | undefined;
  /** The typical value of a known variable (for length estimates). */
  example(name: string): string;
  /** The known variable a misspelt name most likely meant, or null. */
  suggest(name: string): string | null;
}

/** A registry of the built-ins plus `attributes.<key>` for each allowed key (unsafe keys are left out). */
export function createVariableRegistry(attributeKeys: AttributeKeys): VariableRegistry {
  const keys = attributeKeys === 'any' ? [] : [...new Set(attributeKeys)].filter((key) => attributeKeyPattern.test(key));
  const variables = [...builtinTemplateVariables, ...keys.map(attributeVariable)];
  const readers = new Map<string, ValueReader>([
    ...builtins.map(({ name, read }): [string, ValueReader] => [name, read]),
    ...keys.map((key): [string, ValueReader] => [`${attributePrefix}${key}`, attributeValue(key)]),
  ]);
  const examples = new Map(variables.map((variable) => [variable.name, variable.example]));
  const names = variables.map((variable) => variable.name);

  function reader(name: string): ValueReader | undefined {
    const known = readers.get(name);
    if (known || attributeKeys !== 'any' || !name.startsWith(attributePrefix)) return known;
    const key = name.slice(attributePrefix.length);
    return attributeKeyPattern.test(key) ? attributeValue(key) : undefined;
  }

  return {
    variables,
    reader,
    example: (name) => examples.get(name) ?? exampleAttributeValue,
    suggest: (name) => closestName(name, names),
  };
}
