import { checkSegmentRule } from '../../domain/segments/check-rule.js';
import { createFieldRegistry, type FieldRegistry } from '../../domain/segments/field-registry.js';
import type { CheckedRule } from '../../domain/segments/rule.js';

// Shared by the segment tests: a registry with one custom attribute of each type, and a way to write
// checked rules as a marketer would send them.

/** The registry the segment tests use: built-in fields plus `attributes.tier` (text), `.score` (number), `.vip` (boolean). */
export const testRegistry: FieldRegistry = createFieldRegistry([
  { key: 'tier', type: 'string' },
  { key: 'score', type: 'number' },
  { key: 'vip', type: 'boolean' },
]);

/** A leaf as sent; `value` left out when undefined. */
export function leaf(field: string, operator: string, value?: unknown): Record<string, unknown> {
  return { field, operator, ...(value === undefined ? {} : { value }) };
}

/** A group as sent. */
export function group(op: 'and' | 'or' | 'not', ...rules: unknown[]): Record<string, unknown> {
  return { op, rules };
}

/** The checked form of a rule that must be valid; throws with the problems otherwise. */
export function checkedRule(input: unknown, registry: FieldRegistry = testRegistry): CheckedRule {
  const outcome = checkSegmentRule(input, registry);
  if (!outcome.ok) throw new Error(`expected a valid rule, got ${JSON.stringify(outcome.problems)}`);
  return outcome.rule;
}
