import { leafValue, unsupportedOperator } from './checked-leaf.js';
import { daysBefore } from './relative-dates.js';
import { isGroup, type CheckedGroup, type CheckedLeaf, type CheckedRule } from './rule.js';
import { textRegExp, type TextMatch } from './text-pattern.js';

// The meaning of a checked rule over one stored customer, in memory: the reference the compiler is
// tested against (segment-property.test.ts), so it follows MongoDB's rules rather than JavaScript's.
// A value matches a comparison only when it has the comparison's type (a number rule never matches
// "5000" stored as text); missing and null are alike everywhere.

// Own properties only, so `attributes.constructor` reads the attribute, never Object's prototype.
function valueAt(document: Record<string, unknown>, path: string): unknown {
  let current: unknown = document;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current) || current instanceof Date) return undefined;
    if (!Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const isAbsent = (value: unknown): value is null | undefined => value === undefined || value === null;

function hasValue(leaf: CheckedLeaf, value: unknown): boolean {
  if (leaf.type === 'tags' && Array.isArray(value)) return value.length > 0;
  return !isAbsent(value);
}

// Built once per leaf and operator's values: a property test evaluates the same leaf thousands of times.
const regExpsByLeaf = new WeakMap<CheckedLeaf, RegExp[]>();

function matchesText(leaf: CheckedLeaf, value: unknown, match: TextMatch, texts: () => string[]): boolean {
  if (typeof value !== 'string') return false;
  let regExps = regExpsByLeaf.get(leaf);
  if (!regExps) {
    regExps = texts().map((text) => textRegExp(match, text));
    regExpsByLeaf.set(leaf, regExps);
  }
  return regExps.some((regExp) => regExp.test(value));
}

function matchesNumber(leaf: CheckedLeaf, value: unknown): boolean {
  if (leaf.operator === 'ne') return !(typeof value === 'number' && value === leafValue(leaf, 'number').value);
  if (typeof value !== 'number') return false;
  switch (leaf.operator) {
    case 'between': {
      const { from, to } = leafValue(leaf, 'numberRange');
      return value >= from && value <= to;
    }
    case 'eq':
      return value === leafValue(leaf, 'number').value;
    case 'gt':
      return value > leafValue(leaf, 'number').value;
    case 'gte':
      return value >= leafValue(leaf, 'number').value;
    case 'lt':
      return value < leafValue(leaf, 'number').value;
    case 'lte':
      return value <= leafValue(leaf, 'number').value;
    default:
      throw unsupportedOperator(leaf);
  }
}

function matchesString(leaf: CheckedLeaf, value: unknown): boolean {
  const one = (): string[] => [leafValue(leaf, 'string').value];
  const many = (): string[] => leafValue(leaf, 'strings').values;
  switch (leaf.operator) {
    case 'eq':
      return matchesText(leaf, value, 'exact', one);
    case 'ne':
      return !matchesText(leaf, value, 'exact', one);
    case 'contains':
      return matchesText(leaf, value, 'contains', one);
    case 'startsWith':
      return matchesText(leaf, value, 'prefix', one);
    case 'in':
      return matchesText(leaf, value, 'exact', many);
    case 'notIn':
      return !matchesText(leaf, value, 'exact', many);
    default:
      throw unsupportedOperator(leaf);
  }
}

function matchesDate(leaf: CheckedLeaf, value: unknown, now: Date): boolean {
  if (leaf.operator === 'never') return isAbsent(value);
  if (leaf.operator === 'olderThanDays') {
    return isAbsent(value) || (value instanceof Date && value < daysBefore(now, leafValue(leaf, 'days').value));
  }
  if (!(value instanceof Date)) return false;
  switch (leaf.operator) {
    case 'before':
      return value < leafValue(leaf, 'date').value;
    case 'after':
      return value > leafValue(leaf, 'date').value;
    case 'between': {
      const { from, to } = leafValue(leaf, 'dateRange');
      return value >= from && value <= to;
    }
    case 'withinLastDays':
      return value >= daysBefore(now, leafValue(leaf, 'days').value);
    default:
      throw unsupportedOperator(leaf);
  }
}

// MongoDB matches an array field by its elements, and a scalar as a one-element array.
function tagsOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return isAbsent(value) ? [] : [value];
}

function matchesTags(leaf: CheckedLeaf, value: unknown): boolean {
  const tags = tagsOf(value);
  const { values } = leafValue(leaf, 'strings');
  switch (leaf.operator) {
    case 'hasAny':
      return values.some((tag) => tags.includes(tag));
    case 'hasAll':
      return values.every((tag) => tags.includes(tag));
    case 'hasNone':
      return !values.some((tag) => tags.includes(tag));
    default:
      throw unsupportedOperator(leaf);
  }
}

function matchesBoolean(leaf: CheckedLeaf, value: unknown): boolean {
  const equal = value === leafValue(leaf, 'boolean').value;
  if (leaf.operator === 'eq') return equal;
  if (leaf.operator === 'ne') return !equal;
  throw unsupportedOperator(leaf);
}

function matchesLeaf(leaf: CheckedLeaf, customer: Record<string, unknown>, now: Date): boolean {
  const value = valueAt(customer, leaf.path);
  if (leaf.operator === 'exists') return hasValue(leaf, value);
  if (leaf.operator === 'notExists') return !hasValue(leaf, value);
  switch (leaf.type) {
    case 'number':
      return matchesNumber(leaf, value);
    case 'string':
      return matchesString(leaf, value);
    case 'date':
      return matchesDate(leaf, value, now);
    case 'tags':
      return matchesTags(leaf, value);
    case 'boolean':
      return matchesBoolean(leaf, value);
  }
}

/** True when the stored customer (as the driver returns it) is in the audience the rule describes at `now`. */
export function evaluateSegment(rule: CheckedRule, customer: Record<string, unknown>, now: Date): boolean {
  if (!isGroup<CheckedGroup>(rule)) return matchesLeaf(rule, customer, now);
  switch (rule.op) {
    case 'and':
      return rule.rules.every((child) => evaluateSegment(child, customer, now));
    case 'or':
      return rule.rules.some((child) => evaluateSegment(child, customer, now));
    case 'not':
      return !rule.rules.some((child) => evaluateSegment(child, customer, now));
  }
}
