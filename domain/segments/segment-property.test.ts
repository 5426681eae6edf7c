import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/helpers/database.js';
import { createRandom, type Random } from '../demo/random.js';
import { checkSegmentRule } from './check-rule.js';
import { compileSegment } from './compile-segment.js';
import { evaluateSegment } from './evaluate-segment.js';
import type { SegmentField } from './field-registry.js';
import { isGroup, operatorsByType, type CheckedGroup, type CheckedRule } from './rule.js';
import { testRegistry } from '../../test/helpers/segment-rules.js';

// The acceptance property of audiences: for random rule trees over random customers, the database
// (through the same mongoose model the API uses) counts exactly the customers the in-memory evaluator
// selects. The data is built to hit every edge the two could disagree on: missing fields next to explicit
// nulls, empty and missing tags, text in mixed case and full of regex metacharacters, attributes whose
// type differs from the registry's, dates exactly on the boundaries relative rules compute.

const database = useTestDatabase();

// FerretDB filters every document itself, at ~0.1 ms each on a 2-core machine (an empty filter over
// 3,000 takes ~0.25 s, and parallel queries only queue): these sizes take about a minute on an idle
// machine, and the timeout leaves room for a loaded one. The value pools are small, so 2,500 customers
// cover them many times.
const customerCount = 2_500;
const treeCount = 240;
const now = new Date('2025-06-30T12:00:00Z');
const day = 86_400_000;

const texts = ['Ada', 'ADA', 'ada lovelace', 'Zoë', 'ZOË', 'a.c', 'abc', 'a+b', '(x)', '[y]', 'c*', 'q?', '^caret', 'dollar$', 'back\\slash', 'a|b', '{2}', '.*', 'Mumbai', 'mumbai east', 'Pune', 'gold', 'Gold', 'GOLD', 'gold\n', ' silver'];
const tags = ['vip', 'VIP', 'new', 'churn-risk', 'a.b', '$x', 'gold', 'Gold'];
const relativeDays = [0, 1, 7, 30, 90, 180, 365];
const calendarInstants = ['2025-05-18T00:00:00.000Z', '2025-05-18T23:59:59.999Z', '2025-05-19T00:00:00.000Z', '2024-12-31T23:00:00.000Z'];
const numberPivots: Record<string, readonly number[]> = {
  totalSpend: [0, 100, 999.99, 1000, 5000, 5000.5, 10000, 25000],
  visits: [0, 1, 2, 3, 5, 10],
  orderCount: [0, 1, 2, 6],
  'attributes.score': [-5, 0, 7.5, 10, 50, 100],
};

function dateNearData(random: Random): Date {
  if (random.chance(0.2)) return new Date(random.pick(calendarInstants));
  const jitter = random.pick([0, 0, 1, -1, 3_600_000, -3_600_000]);
  const offset = random.chance(0.1) ? -random.int(1, 30) : random.pick(relativeDays);
  return new Date(now.getTime() - offset * day + jitter);
}

/** A value that is sometimes missing (undefined) and sometimes an explicit null. */
function maybe<T>(random: Random, value: () => T): T | null | undefined {
  const roll = random.next();
  if (roll < 0.15) return undefined;
  if (roll < 0.25) return null;
  return value();
}

function randomAttributes(random: Random): Record<string, unknown> | undefined {
  if (random.chance(0.1)) return undefined;
  const attributes: Record<string, unknown> = {};
  const mixed = (typical: () => unknown) => random.pick([typical, typical, typical, () => random.pick(texts), () => random.pick(numberPivots['attributes.score'] ?? []), () => random.chance(0.5), () => null])();
  if (random.chance(0.7)) attributes.tier = mixed(() => random.pick([...texts, '']));
  if (random.chance(0.7)) attributes.score = mixed(() => random.chance(0.7) ? random.pick(numberPivots['attributes.score'] ?? []) : random.int(-10, 120));
  if (random.chance(0.7)) attributes.vip = mixed(() => random.pick([true, false, 1, 0, 'true']));
  return attributes;
}

function randomTags(random: Random): unknown {
  const roll = random.next();
  if (roll < 0.15) return undefined;
  if (roll < 0.2) return null;
  if (roll < 0.35) return [];
  return [...new Set(Array.from({ length: random.int(1, 3) }, () => random.pick(tags)))];
}

function randomCustomer(random: Random, index: number): Record<string, unknown> {
  const numberNear = (path: string) => () => (random.chance(0.6) ? random.pick(numberPivots[path] ?? []) : random.int(0, 30_000) / (path === 'totalSpend' ? 1 : 1000));
  const fields: Record<string, unknown> = {
    key: `ext:${index}`,
    name: maybe(random, () => random.pick(texts)),
    email: maybe(random, () => `${random.pick(['ada', 'zoe', 'a.c'])}${index}@example.com`),
    phone: maybe(random, () => `+91${random.int(100, 999)}`),
    city: maybe(random, () => random.pick(texts)),
    tags: randomTags(random),
    attributes: randomAttributes(random),
    totalSpend: maybe(random, numberNear('totalSpend')),
    visits: maybe(random, () => random.pick(numberPivots.visits ?? [])),
    orderCount: maybe(random, () => random.int(0, 6)),
    lastActive: maybe(random, () => dateNearData(random)),
    lastOrderAt: maybe(random, () => dateNearData(random)),
    firstOrderAt: maybe(random, () => dateNearData(random)),
    createdAt: maybe(random, () => dateNearData(random)),
  };
  // Missing means missing: the key is left out, not stored as undefined.
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function textValue(random: Random, operator: string): string {
  const text = random.pick(texts).trim();
  const cased = random.pick([text, text.toUpperCase(), text.toLowerCase()]);
  if (operator !== 'contains' && operator !== 'startsWith') return cased;
  const start = operator === 'startsWith' ? 0 : random.int(0, cased.length - 1);
  const slice = cased.slice(start, start + random.int(1, 4));
  return slice.trim() === '' ? cased : slice;
}

function dateValue(random: Random): string {
  return random.chance(0.25) ? '2025-05-18' : dateNearData(random).toISOString();
}

function leafValue(random: Random, field: SegmentField, operator: string): unknown {
  const pivot = () => random.pick(numberPivots[field.path] ?? [0]);
  switch (field.type) {
    case 'number':
      if (operator === 'between') return [pivot(), pivot()].sort((a, b) => a - b);
      return random.chance(0.2) ? String(pivot()) : pivot();
    case 'string':
      if (operator === 'in' || operator === 'notIn') return Array.from({ length: random.int(1, 3) }, () => textValue(random, 'eq'));
      return textValue(random, operator);
    case 'date':
      if (operator === 'withinLastDays' || operator === 'olderThanDays') return random.chance(0.8) ? random.pick(relativeDays) : random.int(0, 400);
      if (operator === 'between') return [dateValue(random), dateValue(random)].sort();
      return dateValue(random);
    case 'tags':
      return Array.from({ length: random.int(1, 3) }, () => random.pick(tags));
    case 'boolean':
      return random.chance(0.5);
  }
}

function randomRule(random: Random, depth: number): unknown {
  if (depth >= 3 || random.chance(depth === 0 ? 0.25 : 0.5)) {
    const field = random.pick(testRegistry.fields);
    const operator = random.pick(field.operators);
    const needsNoValue = operator === 'exists' || operator === 'notExists' || operator === 'never';
    return { field: field.id, operator, ...(needsNoValue ? {} : { value: leafValue(random, field, operator) }) };
  }
  return { op: random.pick(['and', 'or', 'not']), rules: Array.from({ length: random.int(1, 3) }, () => randomRule(random, depth + 1)) };
}

function exercisedOperators(rule: CheckedRule, into: Set<string>): void {
  if (isGroup<CheckedGroup>(rule)) rule.rules.forEach((child) => exercisedOperators(child, into));
  else into.add(`${rule.type} ${rule.operator}`);
}

const everyOperator = Object.entries(operatorsByType).flatMap(([type, operators]) => operators.map((operator) => `${type} ${operator}`));

describe('segments on the real database', () => {
  it(`counts exactly what the evaluator selects, for ${treeCount} random rule trees over ${customerCount} customers`, async () => {
    const random = createRandom(20_250_630);
    const customers = database().models.customers;
    // Raw documents, past mongoose's defaults, so missing fields stay missing.
    await customers.collection.insertMany(Array.from({ length: customerCount }, (_, index) => randomCustomer(random, index)));
    const stored = await customers.find({}).lean<Array<Record<string, unknown>>>();
    expect(stored).toHaveLength(customerCount);

    const mismatches: unknown[] = [];
    let informative = 0;
    const exercised = new Set<string>();
    for (let tree = 0; tree < treeCount; tree += 1) {
      const input = randomRule(random, 0);
      const outcome = checkSegmentRule(input, testRegistry);
      if (!outcome.ok) throw new Error(`generated an invalid rule ${JSON.stringify(input)}: ${JSON.stringify(outcome.problems)}`);
      exercisedOperators(outcome.rule, exercised);
      const filter = compileSegment(outcome.rule, now);
      const counted = await customers.countDocuments(filter);
      const evaluated = stored.filter((customer) => evaluateSegment(outcome.rule, customer, now)).length;
      if (counted !== evaluated) mismatches.push({ input, filter, counted, evaluated });
      if (evaluated > 0 && evaluated < customerCount) informative += 1;
    }
    expect(mismatches).toEqual([]);
    // Rules that select everyone or no one would prove little.
    expect(informative).toBeGreaterThan(treeCount * 0.6);
    expect([...exercised].sort()).toEqual([...everyOperator].sort());
  }, 300_000);
});
