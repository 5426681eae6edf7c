import { checkLeafValue } from './check-value.js';
import type { FieldRegistry, SegmentField } from './field-registry.js';
import { groupOps, operatorsByType, segmentLimits, type CheckedRule, type GroupOp, type SegmentOperator } from './rule.js';

// Turns a rule tree as sent (by a form, an integrator or the AI) into a CheckedRule, or into every
// problem it has, each with its path. The walk is by hand rather than by a recursive zod schema so that
// a hostile tree costs little: it stops descending past the depth limit and stops counting past the
// node limit, and it reports all problems instead of the first.

/** One thing wrong with a rule; `path` is dot-separated from the rule's root ('' for the root itself). */
export interface RuleProblem {
  path: string;
  message: string;
}

/** A rule known good, or every problem found in it. */
export type CheckOutcome = { ok: true; rule: CheckedRule } | { ok: false; problems: RuleProblem[] };

/** More problems than this are not listed: a tree that broken is refused either way, and the answer stays small. */
export const maxReportedProblems = 100;

const groupKeys = new Set(['op', 'rules']);
const leafKeys = new Set(['field', 'operator', 'value']);
const allOperators = new Set<string>(Object.values(operatorsByType).flat());

const typeNames = { number: 'number', string: 'text', date: 'date', tags: 'tags', boolean: 'true/false' } as const;

// Names echoed back in messages are cut short, so a megabyte of field name is not a megabyte of answer.
function quoted(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function operatorsOf(field: SegmentField): SegmentOperator[] {
  const ofType: readonly string[] = operatorsByType[field.type];
  return field.operators.filter((operator): operator is SegmentOperator => ofType.includes(operator));
}

interface Walk {
  registry: FieldRegistry;
  problems: RuleProblem[];
  nodes: number;
  tooManyNodes: boolean;
}

function report(walk: Walk, path: readonly string[], message: string): void {
  if (walk.problems.length < maxReportedProblems) walk.problems.push({ path: path.join('.'), message });
}

function reportUnknownKeys(walk: Walk, node: Record<string, unknown>, path: readonly string[], known: ReadonlySet<string>): void {
  for (const key of Object.keys(node)) {
    if (!known.has(key)) report(walk, [...path, key], `unknown key ${quoted(key)}; a group has "op" and "rules", a rule has "field", "operator" and "value"`);
  }
}

function checkGroup(walk: Walk, node: Record<string, unknown>, path: readonly string[], depth: number): CheckedRule | undefined {
  reportUnknownKeys(walk, node, path, groupKeys);
  if (depth > segmentLimits.maxDepth) {
    report(walk, path, `groups nest at most ${segmentLimits.maxDepth} deep`);
    return undefined;
  }
  const op = node.op;
  const knownOp = typeof op === 'string' && (groupOps as readonly string[]).includes(op);
  if (!knownOp) report(walk, [...path, 'op'], 'expected "and", "or" or "not"');
  const rules = node.rules;
  if (!Array.isArray(rules)) {
    report(walk, [...path, 'rules'], 'expected a list of rules');
    return undefined;
  }
  const children: readonly unknown[] = rules;
  if (children.length === 0) report(walk, [...path, 'rules'], 'a group needs at least one rule');
  const checked: CheckedRule[] = [];
  for (let index = 0; index < children.length && !walk.tooManyNodes; index += 1) {
    const child = checkNode(walk, children[index], [...path, 'rules', String(index)], depth);
    if (child) checked.push(child);
  }
  return knownOp ? { op: op as GroupOp, rules: checked } : undefined;
}

function checkLeaf(walk: Walk, node: Record<string, unknown>, path: readonly string[]): CheckedRule | undefined {
  reportUnknownKeys(walk, node, path, leafKeys);
  const { field: fieldId, operator } = node;
  let field: SegmentField | undefined;
  if (typeof fieldId !== 'string' || fieldId === '') report(walk, [...path, 'field'], 'expected the name of a field');
  else {
    // Never guessed: a near miss ("spnd") is refused by name so the writer (or the AI) can correct it.
    field = walk.registry.get(fieldId);
    if (!field) report(walk, [...path, 'field'], `unknown field ${quoted(fieldId)}`);
  }
  if (typeof operator !== 'string' || operator === '') {
    report(walk, [...path, 'operator'], 'expected an operator');
    return undefined;
  }
  if (!field) {
    if (!allOperators.has(operator)) report(walk, [...path, 'operator'], `unknown operator ${quoted(operator)}`);
    return undefined;
  }
  const allowed = operatorsOf(field);
  const known = allowed.find((candidate) => candidate === operator);
  if (!known) {
    report(walk, [...path, 'operator'], `operator ${quoted(operator)} does not apply to ${field.id} (${typeNames[field.type]}); use one of: ${allowed.join(', ')}`);
    return undefined;
  }
  const value = checkLeafValue(field.type, known, node.value);
  if (!value.ok) {
    for (const problem of value.problems) report(walk, [...path, 'value', ...(problem.path === '' ? [] : [problem.path])], problem.message);
    return undefined;
  }
  return { field: field.id, path: field.path, type: field.type, operator: known, value: value.value };
}

function checkNode(walk: Walk, node: unknown, path: readonly string[], parentDepth: number): CheckedRule | undefined {
  walk.nodes += 1;
  if (walk.nodes > segmentLimits.maxNodes) {
    walk.tooManyNodes = true;
    return undefined;
  }
  if (!isPlainObject(node)) {
    report(walk, path, 'expected a group {"op", "rules"} or a rule {"field", "operator", "value"}');
    return undefined;
  }
  // Own keys only: a key inherited through a polluted prototype must not turn a rule into a group.
  if (Object.hasOwn(node, 'op') || Object.hasOwn(node, 'rules')) return checkGroup(walk, node, path, parentDepth + 1);
  return checkLeaf(walk, node, path);
}

/** Checks a rule tree against the limits and the registry's fields and operators, typing every value. */
export function checkSegmentRule(input: unknown, registry: FieldRegistry): CheckOutcome {
  const walk: Walk = { registry, problems: [], nodes: 0, tooManyNodes: false };
  const rule = checkNode(walk, input, [], 0);
  if (walk.tooManyNodes) walk.problems.unshift({ path: '', message: `a rule may have at most ${segmentLimits.maxNodes} groups and rules in all` });
  if (walk.problems.length > 0 || !rule) return { ok: false, problems: walk.problems };
  return { ok: true, rule };
}
