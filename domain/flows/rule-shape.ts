import { z } from 'zod';
import { groupOps, segmentLimits, type SegmentRule } from '../segments/rule.js';
import { flowCodeParams, quoted } from './flow-errors.js';

// A rule inside a flow document is checked here for its shape only: groups and leaves, their keys,
// within the depth and size limits. What a leaf may say depends on the installation's fields, so that
// part is checkSegmentRule's, run by validateFlow. The walk is by hand, iterative and bounded, because
// the recursive structural schema would descend into a hostile 10,000-level tree and overflow the stack.

const groupKeys = new Set(['op', 'rules']);
const leafKeys = new Set(['field', 'operator', 'value']);

/** More problems than this are not listed for one rule. */
const maxShapeProblems = 20;

/** One shape problem; `path` is the steps from the rule's root ([] for the root itself). */
export interface RuleShapeProblem {
  path: string[];
  message: string;
}

interface Pending {
  node: unknown;
  path: string[];
  depth: number;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(node: Record<string, unknown>, known: ReadonlySet<string>): string[] {
  return Object.keys(node).filter((key) => !known.has(key));
}

/** Every shape problem of a rule tree (not its fields or values), each with its path; [] when well formed. */
export function ruleShapeProblems(input: unknown): RuleShapeProblem[] {
  const problems: RuleShapeProblem[] = [];
  const report = (path: readonly string[], message: string): void => {
    if (problems.length < maxShapeProblems) problems.push({ path: [...path], message });
  };
  const stack: Pending[] = [{ node: input, path: [], depth: 0 }];
  let seen = 0;
  while (stack.length > 0 && problems.length < maxShapeProblems) {
    const { node, path, depth } = stack.pop() ?? { node: undefined, path: [], depth: 0 };
    seen += 1;
    if (seen > segmentLimits.maxNodes) {
      problems.unshift({ path: [], message: `a rule may have at most ${segmentLimits.maxNodes} groups and rules in all` });
      break;
    }
    if (!isPlainObject(node)) {
      report(path, 'expected a group {"op", "rules"} or a rule {"field", "operator", "value"}');
      continue;
    }
    // Own keys only: a key inherited through a polluted prototype must not turn a leaf into a group.
    const isGroup = Object.hasOwn(node, 'op') || Object.hasOwn(node, 'rules');
    for (const key of unknownKeys(node, isGroup ? groupKeys : leafKeys)) {
      report([...path, key], `unknown key ${quoted(key)}; a group has "op" and "rules", a rule has "field", "operator" and "value"`);
    }
    if (!isGroup) {
      if (typeof node.field !== 'string' || node.field === '') report([...path, 'field'], 'expected the name of a field');
      if (typeof node.operator !== 'string' || node.operator === '') report([...path, 'operator'], 'expected an operator');
      continue;
    }
    if (depth + 1 > segmentLimits.maxDepth) {
      report(path, `groups nest at most ${segmentLimits.maxDepth} deep`);
      continue;
    }
    if (typeof node.op !== 'string' || !(groupOps as readonly string[]).includes(node.op)) report([...path, 'op'], 'expected "and", "or" or "not"');
    const rules = node.rules;
    if (!Array.isArray(rules)) {
      report([...path, 'rules'], 'expected a list of rules');
      continue;
    }
    const children: readonly unknown[] = rules;
    if (children.length === 0) report([...path, 'rules'], 'a group needs at least one rule');
    // Pushed in reverse so problems come out in document order.
    for (let index = Math.min(children.length, segmentLimits.maxNodes + 1) - 1; index >= 0; index -= 1) {
      stack.push({ node: children[index], path: [...path, 'rules', String(index)], depth: depth + 1 });
    }
  }
  return problems;
}

/**
 * A segment rule inside a flow: any value at the boundary, refused with every shape problem at its
 * path unless it is a well-formed tree within the limits (fields and values are checked by validateFlow).
 */
export const flowRuleSchema = z
  .custom<SegmentRule>()
  .superRefine((rule, ctx) => {
    for (const problem of ruleShapeProblems(rule)) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, params: flowCodeParams('rule') });
    }
  })
  .describe('A segment rule (see the SegmentRule component): groups {op, rules} and leaves {field, operator, value}');
