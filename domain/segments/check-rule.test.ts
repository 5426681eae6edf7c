import { describe, expect, it } from 'vitest';
import { checkSegmentRule, maxReportedProblems, type CheckOutcome } from './check-rule.js';
import { createFieldRegistry } from './field-registry.js';
import { segmentLimits, type CheckedLeaf, type CheckedRule } from './rule.js';

const registry = createFieldRegistry([
  { key: 'tier', type: 'string' },
  { key: 'score', type: 'number' },
  { key: 'vip', type: 'boolean' },
]);

function checked(input: unknown): CheckedRule {
  const outcome = checkSegmentRule(input, registry);
  if (!outcome.ok) throw new Error(`expected a valid rule, got ${JSON.stringify(outcome.problems)}`);
  return outcome.rule;
}

function checkedLeaf(field: string, operator: string, value?: unknown): CheckedLeaf {
  return checked({ field, operator, ...(value === undefined ? {} : { value }) }) as CheckedLeaf;
}

function problems(input: unknown): CheckOutcome & { ok: false } {
  const outcome = checkSegmentRule(input, registry);
  if (outcome.ok) throw new Error(`expected problems, got ${JSON.stringify(outcome.rule)}`);
  return outcome;
}

const leaf = (field: string, operator: string, value?: unknown) => ({ field, operator, ...(value === undefined ? {} : { value }) });
const nest = (depth: number): unknown => (depth === 1 ? { op: 'and', rules: [leaf('visits', 'gt', 1)] } : { op: 'and', rules: [nest(depth - 1)] });

describe('checkSegmentRule: the tree', () => {
  it('accepts nested and/or/not groups and resolves each field to its document path', () => {
    const rule = checked({ op: 'or', rules: [{ op: 'and', rules: [leaf('spend', 'gt', 10000), leaf('visits', 'lt', 3)] }, { op: 'not', rules: [leaf('attributes.tier', 'eq', 'gold')] }] });
    expect(rule).toEqual({
      op: 'or',
      rules: [
        {
          op: 'and',
          rules: [
            { field: 'spend', path: 'totalSpend', type: 'number', operator: 'gt', value: { kind: 'number', value: 10000 } },
            { field: 'visits', path: 'visits', type: 'number', operator: 'lt', value: { kind: 'number', value: 3 } },
          ],
        },
        { op: 'not', rules: [{ field: 'attributes.tier', path: 'attributes.tier', type: 'string', operator: 'eq', value: { kind: 'string', value: 'gold' } }] },
      ],
    });
  });

  it('accepts a single leaf as the whole rule', () => {
    expect(checked(leaf('lastActive', 'olderThanDays', 90))).toMatchObject({ path: 'lastActive', value: { kind: 'days', value: 90 } });
  });

  it('reports every problem with its path, not only the first', () => {
    const { problems: found } = problems({
      op: 'and',
      rules: [leaf('spend', 'gt', 'lots'), { op: 'or', rules: [leaf('city', 'gt', 'x'), leaf('nope', 'eq', 1), leaf('visits', 'between', [5, 'x'])] }, { op: 'xor', rules: [] }],
    });
    expect(found.map((problem) => problem.path)).toEqual(['rules.0.value', 'rules.1.rules.0.operator', 'rules.1.rules.1.field', 'rules.1.rules.2.value.1', 'rules.2.op', 'rules.2.rules']);
  });

  it('refuses unknown keys on groups and leaves, $-keys included', () => {
    const { problems: found } = problems({ op: 'and', $where: 'sleep(1000)', rules: [{ ...leaf('spend', 'gt', 1), $expr: {} }] });
    expect(found).toEqual([
      { path: '$where', message: expect.stringContaining('unknown key "$where"') as string },
      { path: 'rules.0.$expr', message: expect.stringContaining('unknown key "$expr"') as string },
    ]);
  });

  it('refuses an empty group, a group without a list, and a non-object node', () => {
    expect(problems({ op: 'and', rules: [] }).problems).toEqual([{ path: 'rules', message: 'a group needs at least one rule' }]);
    expect(problems({ op: 'or', rules: 'spend > 1' }).problems).toEqual([{ path: 'rules', message: 'expected a list of rules' }]);
    expect(problems({ op: 'and', rules: [null, 'x', [leaf('spend', 'gt', 1)]] }).problems.map((problem) => problem.path)).toEqual(['rules.0', 'rules.1', 'rules.2']);
    expect(problems('spend > 1').problems).toEqual([{ path: '', message: expect.stringContaining('expected a group') as string }]);
  });

  it('does not treat an inherited "op" as a group', () => {
    const node = Object.create({ op: 'and', rules: [] }) as Record<string, unknown>;
    Object.assign(node, leaf('spend', 'gt', 1));
    expect(checked(node)).toMatchObject({ field: 'spend' });
  });
});

describe('checkSegmentRule: limits', () => {
  it(`allows groups ${segmentLimits.maxDepth} deep and refuses one more, naming the group`, () => {
    expect(checkSegmentRule(nest(segmentLimits.maxDepth), registry).ok).toBe(true);
    const deepest = `${Array.from({ length: segmentLimits.maxDepth }, () => 'rules.0').join('.')}`;
    expect(problems(nest(segmentLimits.maxDepth + 1)).problems).toEqual([{ path: deepest, message: `groups nest at most ${segmentLimits.maxDepth} deep` }]);
  });

  it('refuses a hostile depth quickly without overflowing the stack', () => {
    expect(problems(nest(5_000)).problems).toHaveLength(1);
  });

  it(`allows ${segmentLimits.maxNodes} nodes and refuses more at the root`, () => {
    const rules = (count: number) => ({ op: 'or', rules: Array.from({ length: count }, (_, index) => leaf('visits', 'eq', index)) });
    expect(checkSegmentRule(rules(segmentLimits.maxNodes - 1), registry).ok).toBe(true);
    expect(problems(rules(segmentLimits.maxNodes)).problems).toEqual([{ path: '', message: expect.stringContaining(`at most ${segmentLimits.maxNodes}`) as string }]);
    expect(problems(rules(100_000)).problems).toHaveLength(1);
  });

  it('caps list length and string length', () => {
    const list = Array.from({ length: segmentLimits.maxListLength }, (_, index) => `city ${index}`);
    expect(checkSegmentRule(leaf('city', 'in', list), registry).ok).toBe(true);
    expect(problems(leaf('city', 'in', [...list, 'one more'])).problems).toEqual([{ path: 'value', message: `must list at most ${segmentLimits.maxListLength} values` }]);
    expect(problems(leaf('tags', 'hasAny', [...list, 'one more'])).problems[0]?.path).toBe('value');
    expect(checkSegmentRule(leaf('name', 'contains', 'x'.repeat(segmentLimits.maxStringLength)), registry).ok).toBe(true);
    expect(problems(leaf('name', 'contains', 'x'.repeat(segmentLimits.maxStringLength + 1))).problems[0]?.message).toMatch(/at most 200 characters/);
  });

  it(`caps relative dates at ${segmentLimits.maxDays} days and needs whole days`, () => {
    expect(checkedLeaf('lastActive', 'withinLastDays', 0).value).toEqual({ kind: 'days', value: 0 });
    expect(checkedLeaf('lastActive', 'olderThanDays', segmentLimits.maxDays).value).toEqual({ kind: 'days', value: segmentLimits.maxDays });
    expect(checkedLeaf('lastActive', 'olderThanDays', '90').value).toEqual({ kind: 'days', value: 90 });
    for (const bad of [segmentLimits.maxDays + 1, -1, 1.5, '1.5', 'ninety', Infinity]) {
      expect(problems(leaf('lastActive', 'olderThanDays', bad)).problems[0]?.path).toBe('value');
    }
  });

  it(`lists at most ${maxReportedProblems} problems`, () => {
    const node: Record<string, unknown> = { op: 'and', rules: [leaf('spend', 'gt', 1)] };
    for (let index = 0; index < 500; index += 1) node[`extra${index}`] = 1;
    expect(problems(node).problems).toHaveLength(maxReportedProblems);
  });
});

describe('checkSegmentRule: fields and operators', () => {
  it('refuses a field outside the registry by name, without guessing', () => {
    expect(problems(leaf('spnd', 'gt', 1)).problems).toEqual([{ path: 'field', message: 'unknown field "spnd"' }]);
    expect(problems(leaf('attributes.undeclared', 'eq', 'x')).problems).toEqual([{ path: 'field', message: 'unknown field "attributes.undeclared"' }]);
    expect(problems(leaf('orderLedger', 'exists')).problems[0]?.path).toBe('field');
    expect(problems(leaf('$where', 'eq', 'x')).problems[0]?.path).toBe('field');
    expect(problems(leaf('__proto__', 'eq', 'x')).problems[0]?.path).toBe('field');
  });

  it('refuses an operator of another type and lists the allowed ones', () => {
    expect(problems(leaf('city', 'gt', 'x')).problems).toEqual([
      { path: 'operator', message: 'operator "gt" does not apply to city (text); use one of: eq, ne, contains, startsWith, in, notIn, exists, notExists' },
    ]);
    expect(problems(leaf('tags', 'eq', 'vip')).problems[0]?.message).toMatch(/use one of: hasAny, hasAll, hasNone, exists, notExists/);
    expect(problems(leaf('attributes.vip', 'gt', true)).problems[0]?.path).toBe('operator');
  });

  it('reports an unknown operator even when the field is unknown too', () => {
    expect(problems(leaf('nope', '$gt', 1)).problems.map((problem) => problem.path)).toEqual(['field', 'operator']);
  });

  it('requires a field and an operator', () => {
    expect(problems({ value: 1 }).problems.map((problem) => problem.path)).toEqual(['field', 'operator']);
  });
});

describe('checkSegmentRule: values by type and operator', () => {
  it('types numbers for every number operator, coercing numeric text', () => {
    for (const operator of ['eq', 'ne', 'gt', 'gte', 'lt', 'lte']) {
      expect(checkedLeaf('spend', operator, 5000).value).toEqual({ kind: 'number', value: 5000 });
    }
    expect(checkedLeaf('spend', 'gt', ' 5000.50 ').value).toEqual({ kind: 'number', value: 5000.5 });
    expect(checkedLeaf('attributes.score', 'lt', '-3').value).toEqual({ kind: 'number', value: -3 });
    expect(checkedLeaf('spend', 'between', [100, '200']).value).toEqual({ kind: 'numberRange', from: 100, to: 200 });
    expect(checkedLeaf('spend', 'between', [100, 100]).value).toEqual({ kind: 'numberRange', from: 100, to: 100 });
  });

  it('refuses numbers that are not numbers', () => {
    for (const bad of ['5K', '1,000', '1e3', '', true, [5], { $gt: 0 }, Number.NaN, Infinity, '9'.repeat(400)]) {
      expect(problems(leaf('spend', 'gt', bad)).problems).toHaveLength(1);
    }
    expect(problems(leaf('spend', 'between', [200, 100])).problems).toEqual([{ path: 'value', message: 'from must not be after to' }]);
    expect(problems(leaf('spend', 'between', [1])).problems[0]?.path).toBe('value');
    expect(problems(leaf('spend', 'between', ['a', {}])).problems.map((problem) => problem.path)).toEqual(['value.0', 'value.1']);
  });

  it('types strings for every string operator, trimmed', () => {
    for (const operator of ['eq', 'ne', 'contains', 'startsWith']) {
      expect(checkedLeaf('city', operator, ' Mumbai ').value).toEqual({ kind: 'string', value: 'Mumbai' });
    }
    for (const operator of ['in', 'notIn']) {
      expect(checkedLeaf('attributes.tier', operator, ['gold', ' silver', 'gold']).value).toEqual({ kind: 'strings', values: ['gold', 'silver'] });
    }
  });

  it('refuses empty, non-text and broken strings, and empty or bad lists item by item', () => {
    for (const bad of ['', '   ', 5, true, ['Mumbai'], { $regex: '.*' }, 'a\u0000b', '\ud800']) {
      expect(problems(leaf('city', 'eq', bad)).problems).toHaveLength(1);
    }
    expect(problems(leaf('city', 'in', [])).problems).toEqual([{ path: 'value', message: 'must list at least one value' }]);
    expect(problems(leaf('city', 'in', 'Mumbai')).problems[0]?.path).toBe('value');
    expect(problems(leaf('city', 'notIn', ['Pune', { $ne: 1 }, ''])).problems.map((problem) => problem.path)).toEqual(['value.1', 'value.2']);
  });

  it('types tags as ingestion stores them: trimmed, blanks dropped, deduplicated, case kept', () => {
    for (const operator of ['hasAny', 'hasAll', 'hasNone']) {
      expect(checkedLeaf('tags', operator, [' VIP', 'vip', 'VIP ', '']).value).toEqual({ kind: 'strings', values: ['VIP', 'vip'] });
    }
    expect(checkedLeaf('tags', 'hasAny', 'vip, new ,,').value).toEqual({ kind: 'strings', values: ['vip', 'new'] });
  });

  it('refuses tag lists with nothing in them, non-text tags, and tags ingestion could never store', () => {
    expect(problems(leaf('tags', 'hasAny', [' ', ''])).problems).toEqual([{ path: 'value', message: 'must name at least one tag' }]);
    expect(problems(leaf('tags', 'hasAll', ['ok', 5, 'x'.repeat(65)])).problems.map((problem) => problem.path)).toEqual(['value.1', 'value.2']);
    expect(problems(leaf('tags', 'hasNone', { $in: ['x'] })).problems[0]?.path).toBe('value');
  });

  it('types booleans', () => {
    expect(checkedLeaf('attributes.vip', 'eq', true).value).toEqual({ kind: 'boolean', value: true });
    expect(checkedLeaf('attributes.vip', 'ne', 'false').value).toEqual({ kind: 'boolean', value: false });
    for (const bad of [1, 'yes', null, { $ne: false }]) expect(problems(leaf('attributes.vip', 'eq', bad)).problems).toHaveLength(1);
  });

  it('types dates as ingestion reads them: no zone is UTC, date-only upper bounds mean the end of the day', () => {
    expect(checkedLeaf('lastActive', 'before', '2025-05-18').value).toEqual({ kind: 'date', value: new Date('2025-05-18T00:00:00Z') });
    expect(checkedLeaf('lastActive', 'before', '2025-05-18T10:30').value).toEqual({ kind: 'date', value: new Date('2025-05-18T10:30:00Z') });
    expect(checkedLeaf('lastActive', 'before', '2025-05-18T10:30:00+05:30').value).toEqual({ kind: 'date', value: new Date('2025-05-18T05:00:00Z') });
    expect(checkedLeaf('lastActive', 'after', '2025-05-18').value).toEqual({ kind: 'date', value: new Date('2025-05-18T23:59:59.999Z') });
    expect(checkedLeaf('lastActive', 'after', '2025-05-18T00:00:00Z').value).toEqual({ kind: 'date', value: new Date('2025-05-18T00:00:00Z') });
    expect(checkedLeaf('createdAt', 'between', ['2025-05-01', '2025-05-31']).value).toEqual({
      kind: 'dateRange',
      from: new Date('2025-05-01T00:00:00Z'),
      to: new Date('2025-05-31T23:59:59.999Z'),
    });
    expect(checkedLeaf('createdAt', 'between', ['2025-05-18', '2025-05-18']).value).toMatchObject({ kind: 'dateRange' });
  });

  it('refuses dates that are not ISO dates, impossible days, and reversed ranges', () => {
    for (const bad of ['yesterday', '2025-02-30', '18/05/2025', 1747526400000, { $gt: '' }, ['2025-01-01']]) {
      expect(problems(leaf('lastActive', 'before', bad)).problems).toHaveLength(1);
    }
    expect(problems(leaf('lastActive', 'between', ['2025-06-01', '2025-05-01'])).problems).toEqual([{ path: 'value', message: 'from must not be after to' }]);
  });

  it('takes no value for exists, notExists and never', () => {
    expect(checkedLeaf('city', 'exists').value).toEqual({ kind: 'none' });
    expect(checkedLeaf('tags', 'notExists').value).toEqual({ kind: 'none' });
    expect(checked({ field: 'lastOrderAt', operator: 'never', value: null })).toMatchObject({ value: { kind: 'none' } });
    expect(problems(leaf('lastOrderAt', 'never', true)).problems).toEqual([{ path: 'value', message: 'never takes no value' }]);
  });

  it('requires a value for every other operator', () => {
    expect(problems(leaf('spend', 'gt')).problems).toEqual([{ path: 'value', message: 'a value is required' }]);
    expect(problems({ field: 'city', operator: 'eq', value: null }).problems).toEqual([{ path: 'value', message: 'a value is required' }]);
  });
});

describe('checkSegmentRule: injection attempts', () => {
  it('refuses operator objects where a scalar belongs', () => {
    expect(problems(leaf('name', 'eq', { $where: 'sleep(5000) || true' })).problems).toEqual([{ path: 'value', message: 'expected text, got an object' }]);
    expect(problems(leaf('spend', 'eq', { $gt: -1 })).problems).toEqual([{ path: 'value', message: 'expected a number such as 5000, got an object' }]);
    expect(problems(leaf('city', 'in', [{ $regex: '.*' }])).problems).toEqual([{ path: 'value.0', message: 'expected text, got an object' }]);
  });

  it('keeps regex metacharacters as literal text in the checked value', () => {
    expect(checkedLeaf('name', 'contains', '.*(a|b)[x]^$\\').value).toEqual({ kind: 'string', value: '.*(a|b)[x]^$\\' });
  });
});
