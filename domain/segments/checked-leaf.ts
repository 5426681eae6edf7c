import type { CheckedLeaf, CheckedValue } from './rule.js';

/** A checked value of one kind. */
export type ValueOfKind<Kind extends CheckedValue['kind']> = Extract<CheckedValue, { kind: Kind }>;

/**
 * The leaf's value, asserted to be of the kind its operator takes. checkSegmentRule guarantees it; a
 * hand-built CheckedRule that breaks it is a programming error, so this throws instead of matching wrongly.
 */
export function leafValue<Kind extends CheckedValue['kind']>(leaf: CheckedLeaf, kind: Kind): ValueOfKind<Kind> {
  if (leaf.value.kind !== kind) {
    throw new TypeError(`${leaf.field} ${leaf.operator}: expected a ${kind} value, got ${leaf.value.kind}`);
  }
  return leaf.value as ValueOfKind<Kind>;
}

/** An error for an operator the leaf's type does not have (again only possible in a hand-built rule). */
export function unsupportedOperator(leaf: CheckedLeaf): TypeError {
  return new TypeError(`operator ${leaf.operator} does not apply to ${leaf.type} field ${leaf.field}`);
}
