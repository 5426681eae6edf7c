import { z } from 'zod';

// A segment's rule tree, as marketers (and the AI) write it: groups of rules, nested, with leaves that
// compare one customer field with a value. This file is the shape only; what a leaf may say depends on
// the field registry and is checked by checkSegmentRule (check-rule.ts).

/** Bounds that keep a rule cheap to check, compile and run; exceeding one is a 400 naming the node. */
export const segmentLimits = {
  /** Groups inside groups, the root group counting as 1. */
  maxDepth: 6,
  /** Groups and leaves in the whole tree. */
  maxNodes: 100,
  /** Values in one list (`in`, `notIn`, `hasAny`, …). */
  maxListLength: 200,
  /** Characters in one string value. */
  maxStringLength: 200,
  /** Days in a relative date (`withinLastDays`, `olderThanDays`): a century. */
  maxDays: 36_500,
} as const;

/** How a group combines its rules: all of them, any of them, or none of them (`not`). */
export const groupOps = ['and', 'or', 'not'] as const;
export type GroupOp = (typeof groupOps)[number];

/** Operators by the type of the field they apply to. */
export const operatorsByType = {
  number: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'between', 'exists', 'notExists'],
  string: ['eq', 'ne', 'contains', 'startsWith', 'in', 'notIn', 'exists', 'notExists'],
  date: ['before', 'after', 'between', 'withinLastDays', 'olderThanDays', 'never', 'exists', 'notExists'],
  tags: ['hasAny', 'hasAll', 'hasNone', 'exists', 'notExists'],
  boolean: ['eq', 'ne', 'exists', 'notExists'],
} as const;
export type FieldType = keyof typeof operatorsByType;
export type SegmentOperator = (typeof operatorsByType)[FieldType][number];

/** A leaf as sent: which field, how to compare, with what (absent for `exists`, `notExists`, `never`). */
export interface SegmentLeaf {
  field: string;
  operator: string;
  value?: unknown;
}

/** A group as sent. */
export interface SegmentGroup {
  op: GroupOp;
  rules: SegmentRule[];
}

export type SegmentRule = SegmentGroup | SegmentLeaf;

/**
 * The structural schema (for OpenAPI and first-pass parsing): groups and leaves, any depth. Values are
 * `unknown` here on purpose; checkSegmentRule types them by field and operator.
 */
export const segmentRuleSchema: z.ZodType<SegmentRule> = z.lazy(() =>
  z.union([
    z.strictObject({ op: z.enum(groupOps), rules: z.array(segmentRuleSchema) }),
    z.strictObject({ field: z.string(), operator: z.string(), value: z.unknown().optional() }),
  ]),
);

/** A value a leaf compares with, once checked: typed for its field and operator. */
export type CheckedValue =
  | { kind: 'none' }
  | { kind: 'number'; value: number }
  | { kind: 'numberRange'; from: number; to: number }
  | { kind: 'string'; value: string }
  | { kind: 'strings'; values: string[] }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'date'; value: Date }
  | { kind: 'dateRange'; from: Date; to: Date }
  | { kind: 'days'; value: number };

/** A leaf once checked against the registry: its field resolved, its value typed. */
export interface CheckedLeaf {
  field: string;
  /** Where the field lives in a customer document (`totalSpend`, `attributes.tier`). */
  path: string;
  type: FieldType;
  operator: SegmentOperator;
  value: CheckedValue;
}

/** A group once checked. */
export interface CheckedGroup {
  op: GroupOp;
  rules: CheckedRule[];
}

/** A rule tree every part of which is known good: what the compiler and the evaluator take. */
export type CheckedRule = CheckedGroup | CheckedLeaf;

/** True for a group (checked or not). */
export function isGroup<Group extends { op: GroupOp }>(rule: Group | object): rule is Group {
  return 'op' in rule;
}
