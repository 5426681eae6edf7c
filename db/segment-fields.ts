import type { Model } from 'mongoose';
import type { CustomerDocument } from './models/customer.js';
import { attributeKeyPattern, createFieldRegistry, type AttributeType, type FieldRegistry } from '../domain/segments/field-registry.js';

/** A custom attribute and its type. */
export interface DeclaredAttribute {
  key: string;
  type: AttributeType;
}

/** Customers sampled to discover attributes: enough to see what integrators send, cheap on any store. */
export const attributeSampleSize = 2_000;
/** Most attributes discovered; a pathological sample with thousands of keys must not flood the builder. */
export const maxDiscoveredAttributes = 100;
const defaultCacheMs = 60_000;

// Ties go to the first type here: a string rule still means something on mixed values.
const typePreference: readonly AttributeType[] = ['string', 'number', 'boolean'];

/**
 * The attributes a sample of customers carries, each typed by the majority of its non-null values;
 * keys that are not safe to name in a rule, and values that are not scalars, are ignored.
 */
export function discoverAttributes(samples: ReadonlyArray<{ attributes?: unknown }>): DeclaredAttribute[] {
  const tallies = new Map<string, Record<AttributeType, number>>();
  for (const { attributes } of samples) {
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) continue;
    for (const [key, value] of Object.entries(attributes)) {
      const type = typeof value;
      if (!attributeKeyPattern.test(key) || (type !== 'string' && type !== 'number' && type !== 'boolean')) continue;
      const tally = tallies.get(key) ?? { string: 0, number: 0, boolean: 0 };
      tally[type] += 1;
      tallies.set(key, tally);
    }
  }
  const total = (tally: Record<AttributeType, number>): number => tally.string + tally.number + tally.boolean;
  return [...tallies]
    .sort(([keyA, a], [keyB, b]) => total(b) - total(a) || keyA.localeCompare(keyB))
    .slice(0, maxDiscoveredAttributes)
    .map(([key, tally]) => ({ key, type: typePreference.reduce((best, type) => (tally[type] > tally[best] ? type : best)) }));
}

/** Declared attributes first (their type wins), then the discovered ones, each group by key. */
export function mergeAttributes(declared: readonly DeclaredAttribute[], discovered: readonly DeclaredAttribute[]): DeclaredAttribute[] {
  const declaredKeys = new Set(declared.map(({ key }) => key));
  const byKey = (a: DeclaredAttribute, b: DeclaredAttribute): number => a.key.localeCompare(b.key);
  return [...[...declared].sort(byKey), ...discovered.filter(({ key }) => !declaredKeys.has(key)).sort(byKey)];
}

/** Where the current field registry comes from. */
export interface SegmentFieldSource {
  /** The built-in fields plus the declared and discovered attributes, at most `cacheMs` old. */
  registry(): Promise<FieldRegistry>;
}

/**
 * The field registry of this installation. Attributes are discovered from the first customers in
 * natural order (never a sort: FerretDB would sort the whole collection in memory), and the answer is
 * cached in-process, so the builder and every preview share one sampling a minute per API process.
 */
export function createSegmentFieldSource(deps: {
  customers: Model<CustomerDocument>;
  declared: readonly DeclaredAttribute[];
  cacheMs?: number;
  now?: () => number;
}): SegmentFieldSource {
  const cacheMs = deps.cacheMs ?? defaultCacheMs;
  const now = deps.now ?? Date.now;
  let cached: { at: number; registry: Promise<FieldRegistry> } | undefined;

  async function build(): Promise<FieldRegistry> {
    const samples = await deps.customers.find({}, { attributes: 1 }).limit(attributeSampleSize).lean<Array<{ attributes?: unknown }>>();
    return createFieldRegistry(mergeAttributes(deps.declared, discoverAttributes(samples)));
  }

  return {
    registry() {
      if (cached && now() - cached.at < cacheMs) return cached.registry;
      const entry = { at: now(), registry: build() };
      cached = entry;
      // A failed sampling is not cached: the next request tries again.
      entry.registry.catch(() => {
        if (cached === entry) cached = undefined;
      });
      return entry.registry;
    },
  };
}
