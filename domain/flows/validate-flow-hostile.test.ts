import { describe, expect, it } from 'vitest';
import { maxReportedFlowErrors } from './flow-errors.js';
import { audienceNode, chainFlow, edge, errorsOf, exitNode, flowOf, tagNode, testContext, winBackShape } from './testing/flow-factories.js';
import { validateFlow } from './validate-flow.js';

// What a careless or malicious client (or a confused model) sends: operators where values belong,
// unknown fields and keys, ids that would break Redis keys and counter paths, and documents built to
// exhaust the stack, the CPU or the size of the answer. Each gets a clear error, quickly.

const validate = (input: unknown) => validateFlow(input, testContext());
const withRule = (rule: unknown) => flowOf([audienceNode('audience', { kind: 'rule', rule }), exitNode()], [edge('audience', 'exit')]);

function nestedGroups(depth: number): unknown {
  let rule: unknown = { field: 'spend', operator: 'gt', value: 1 };
  for (let level = 0; level < depth; level += 1) rule = { op: 'and', rules: [rule] };
  return rule;
}

describe('validateFlow: hostile input', () => {
  it('refuses a $where object where a rule value belongs', () => {
    expect(errorsOf(validate(withRule({ field: 'name', operator: 'eq', value: { $where: 'sleep(1000)' } })))).toEqual([
      { nodeId: 'audience', path: 'nodes.0.source.rule.value', code: 'rule', message: 'expected text, got an object' },
    ]);
  });

  it('refuses a $where key in a rule leaf as an unknown key', () => {
    expect(errorsOf(validate(withRule({ field: 'name', operator: 'eq', value: 'x', $where: '1' })))).toEqual([
      { nodeId: 'audience', path: 'nodes.0.source.rule.$where', code: 'rule', message: expect.stringContaining('unknown key "$where"') as string },
    ]);
  });

  it('refuses a rule on a field that does not exist, without guessing', () => {
    expect(errorsOf(validate(withRule({ field: 'password', operator: 'exists' })))).toEqual([
      { nodeId: 'audience', path: 'nodes.0.source.rule.field', code: 'rule', message: 'unknown field "password"' },
    ]);
  });

  it('refuses a node id with a dot, keyed by no node and placed by its path', () => {
    const flow = flowOf([audienceNode(), tagNode('nodes.sent'), exitNode()], [edge('audience', 'exit')]);
    expect(errorsOf(validate(flow))).toEqual([
      { nodeId: null, path: 'nodes.1.id', code: 'schema', message: 'expected a node id: 1–64 letters, digits, "_" or "-"' },
    ]);
  });

  it('refuses an edge naming a node id with a dot', () => {
    const shape = chainFlow(2);
    shape.edges.push(edge('audience', 'a.b'));
    expect(errorsOf(validate(shape))).toEqual([expect.objectContaining({ nodeId: 'audience', edgeIndex: 1, path: 'edges.1.to', code: 'schema' })]);
  });

  it('refuses a rule of 10,000 nested groups at the depth limit, without overflowing the stack', () => {
    const started = performance.now();
    expect(errorsOf(validate(withRule(nestedGroups(10_000))))).toEqual([
      { nodeId: 'audience', path: `nodes.0.source.rule${'.rules.0'.repeat(6)}`, code: 'rule', message: 'groups nest at most 6 deep' },
    ]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses a group of 100,000 rules at the size limit, quickly', () => {
    const rules = Array.from({ length: 100_000 }, () => ({ field: 'spend', operator: 'gt', value: 1 }));
    const started = performance.now();
    const errors = errorsOf(validate(withRule({ op: 'or', rules })));
    expect(errors[0]).toEqual({ nodeId: 'audience', path: 'nodes.0.source.rule', code: 'rule', message: 'a rule may have at most 100 groups and rules in all' });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses a million nodes by their count alone', () => {
    const nodes = new Array<unknown>(1_000_000).fill({ id: 'n', type: 'exit', label: { deep: { deeper: [] } } });
    const started = performance.now();
    expect(errorsOf(validate(flowOf(nodes, [])))).toEqual([expect.objectContaining({ nodeId: null, code: 'too_many_nodes' })]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses deeply nested values where scalars belong without descending into them', () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 100_000; level += 1) deep = { deep };
    const flow = flowOf([{ ...audienceNode(), label: deep, position: { x: deep, y: 0 } }, exitNode()], [edge('audience', 'exit')]);
    expect(errorsOf(validate(flow)).map(({ path, code }) => [path, code])).toEqual([
      ['nodes.0.label', 'schema'],
      ['nodes.0.position.x', 'schema'],
    ]);
  });

  it('refuses unknown keys, operator keys and __proto__ on nodes and edges instead of storing them', () => {
    const node = JSON.parse('{"id":"t","type":"tag","action":"add","tag":"x","$set":{"role":"admin"},"__proto__":{"polluted":true}}') as unknown;
    const flow = flowOf([audienceNode(), node, exitNode()], [edge('audience', 't'), edge('t', 'exit'), { ...edge('x', 'y'), weight: 1 }]);
    const errors = errorsOf(validate(flow));
    expect(errors.filter(({ code }) => code === 'schema')).toEqual([
      { nodeId: 't', path: 'nodes.1.$set', code: 'schema', message: 'unknown key "$set"' },
      { nodeId: 't', path: 'nodes.1.__proto__', code: 'schema', message: 'unknown key "__proto__"' },
      { nodeId: null, edgeIndex: 2, path: 'edges.2.weight', code: 'schema', message: 'unknown key "weight"' },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('cuts a huge unknown key short in the path and the message', () => {
    const key = 'k'.repeat(100_000);
    const errors = errorsOf(validate(flowOf([{ ...audienceNode(), [key]: 1 }, exitNode()], [edge('audience', 'exit')])));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path.length).toBeLessThan(100);
    expect(errors[0]?.message.length).toBeLessThan(100);
  });

  it('lists at most maxReportedFlowErrors errors', () => {
    const shape = winBackShape();
    shape.nodes = shape.nodes.map((node) => ({ ...node, ...Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`junk${index}`, index])) }));
    expect(errorsOf(validate(shape))).toHaveLength(maxReportedFlowErrors);
  });

  it('refuses what is not a flow document, and a document of another version, by name', () => {
    expect(errorsOf(validate('flow'))).toEqual([{ nodeId: null, path: '', code: 'schema', message: 'expected a flow document: {"schemaVersion", "nodes", "edges"}' }]);
    expect(errorsOf(validate({ ...chainFlow(2), schemaVersion: 2 }))).toEqual([
      { nodeId: null, path: 'schemaVersion', code: 'schema', message: 'expected "schemaVersion": 1 (the flow document version this Drumbeat reads)' },
    ]);
    expect(errorsOf(validate({ schemaVersion: 1, nodes: {} }))).toEqual([
      { nodeId: null, path: 'nodes', code: 'schema', message: 'expected a list of nodes' },
      { nodeId: null, path: 'edges', code: 'schema', message: 'expected a list of edges' },
    ]);
  });

  it('refuses nodes that are not objects or have an unknown type, in plain words', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), 42, { id: 'x', type: 'webhook' }, exitNode()], [edge('audience', 'exit')])));
    expect(errors.filter(({ code }) => code === 'schema')).toEqual([
      { nodeId: null, path: 'nodes.1', code: 'schema', message: 'expected a node: an object with an "id" and a "type"' },
      { nodeId: 'x', path: 'nodes.2.type', code: 'schema', message: 'expected "type" to be one of: audience, message, wait, split, tag, exit' },
    ]);
  });

  it('words missing and mistyped settings for people, not programmers', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), { id: 'm', type: 'message', content: { channel: 'fax', body: 7 } }, exitNode()], [edge('audience', 'm'), edge('m', 'exit')])));
    expect(errors.map(({ path, message }) => [path, message])).toEqual([
      ['nodes.1.content.channel', 'expected one of "sms", "email", "whatsapp"'],
      ['nodes.1.content.body', 'expected text, got a number'],
    ]);
    const missing = errorsOf(validate(flowOf([audienceNode(), { id: 'w', type: 'wait' }, exitNode()], [edge('audience', 'w'), edge('w', 'exit')])));
    expect(missing).toEqual([{ nodeId: 'w', path: 'nodes.1.wait', code: 'schema', message: expect.stringContaining('expected a wait') as string }]);
  });
});
