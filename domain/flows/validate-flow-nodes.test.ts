import { describe, expect, it } from 'vitest';
import { audienceNode, edge, errorsOf, exitNode, flowOf, messageNode, splitNode, testContext, testNow, validFlow, waitNode, withCode } from './testing/flow-factories.js';
import { validateFlow, type FlowValidationContext } from './validate-flow.js';

const validate = (input: unknown, context: FlowValidationContext = testContext()) => validateFlow(input, context);

/** audience → the node → exit. */
function around(node: Record<string, unknown>): unknown {
  const id = String(node.id);
  return flowOf([audienceNode(), node, exitNode()], [edge('audience', id), edge(id, 'exit')]);
}

const day = 86_400_000;

describe('validateFlow: waits', () => {
  it('accepts a wait of exactly 90 days and refuses one second more, with wait_too_long', () => {
    validFlow(validate(around(waitNode('w', { kind: 'duration', seconds: 90 * 86_400 }))));
    expect(errorsOf(validate(around(waitNode('w', { kind: 'duration', seconds: 90 * 86_400 + 1 }))))).toEqual([
      { nodeId: 'w', path: 'nodes.1.wait.seconds', code: 'wait_too_long', message: 'a wait may last at most 90 days (7,776,000 seconds)' },
    ]);
  });

  it('refuses a wait until a moment that has passed, with wait_in_past', () => {
    const at = new Date(testNow.getTime() - 1000).toISOString();
    expect(errorsOf(validate(around(waitNode('w', { kind: 'until', at }))))).toEqual([
      { nodeId: 'w', path: 'nodes.1.wait.at', code: 'wait_in_past', message: `this wait ends at ${at}, which has already passed; pick a later time` },
    ]);
  });

  it('refuses a wait until more than 90 days ahead and accepts one within', () => {
    const far = new Date(testNow.getTime() + 91 * day).toISOString();
    expect(withCode(errorsOf(validate(around(waitNode('w', { kind: 'until', at: far })))), 'wait_too_long')).toEqual([expect.objectContaining({ nodeId: 'w', path: 'nodes.1.wait.at' })]);
    validFlow(validate(around(waitNode('w', { kind: 'until', at: '2025-06-08T09:00:00+05:30' }))));
  });

  it('compares until-waits with the given now', () => {
    const node = waitNode('w', { kind: 'until', at: '2025-06-08T09:00:00+05:30' });
    expect(withCode(errorsOf(validate(around(node), testContext({ now: new Date('2025-07-01T00:00:00Z') }))), 'wait_in_past')).toHaveLength(1);
  });

  it('refuses a date-time without an offset', () => {
    expect(errorsOf(validate(around(waitNode('w', { kind: 'until', at: '2025-06-08T09:00:00' }))))).toEqual([
      expect.objectContaining({ nodeId: 'w', code: 'schema', path: 'nodes.1.wait.at', message: expect.stringContaining('offset') as string }),
    ]);
  });

  it('fills in the defaults of a best-hour wait', () => {
    const flow = validFlow(validate(around(waitNode('w', { kind: 'bestHour' }))));
    expect(flow.nodes[1]).toEqual({ id: 'w', type: 'wait', wait: { kind: 'bestHour', withinHours: 24, fallbackHour: 10, timeZone: 'UTC' } });
  });

  it('refuses a best-hour wait in a time zone that does not exist or as an offset', () => {
    for (const timeZone of ['Mars/Olympus_Mons', '+05:30', 'Asia/Kolkata; DROP']) {
      const errors = errorsOf(validate(around(waitNode('w', { kind: 'bestHour', timeZone }))));
      expect(errors).toEqual([expect.objectContaining({ nodeId: 'w', code: 'schema', path: 'nodes.1.wait.timeZone', message: expect.stringContaining('time-zone name') as string })]);
    }
  });

  it('accepts overnight quiet hours and refuses a window that starts when it ends, with quiet_hours', () => {
    validFlow(validate(around(waitNode('w', undefined, { start: '21:00', end: '09:00', timeZone: 'Asia/Kolkata' }))));
    expect(errorsOf(validate(around(waitNode('w', undefined, { start: '21:00', end: '21:00', timeZone: 'UTC' }))))).toEqual([
      { nodeId: 'w', path: 'nodes.1.quietHours.end', code: 'quiet_hours', message: 'quiet hours must start and end at different times' },
    ]);
    expect(errorsOf(validate(around(waitNode('w', undefined, { start: '24:00', end: '9:00', timeZone: 'UTC' }))))).toEqual([
      expect.objectContaining({ path: 'nodes.1.quietHours.start', code: 'schema' }),
      expect.objectContaining({ path: 'nodes.1.quietHours.end', code: 'schema' }),
    ]);
  });
});

describe('validateFlow: templates', () => {
  it('reports an unknown variable on the message node with its line, column and a suggestion', () => {
    expect(errorsOf(validate(around(messageNode('m', 'Hello!\nHi {{frist_name}}'))))).toEqual([
      { nodeId: 'm', path: 'nodes.1.content.body', code: 'template', message: 'line 2, column 4: unknown variable "frist_name"; did you mean "first_name"?' },
    ]);
  });

  it('reports template syntax errors and channel rules (an SMS has no subject)', () => {
    const errors = errorsOf(validate(around(messageNode('m', 'Hi {{first_name', { subject: 'Hello' }))));
    expect(errors.map(({ path, code, nodeId }) => [path, code, nodeId])).toEqual([
      ['nodes.1.content.subject', 'template', 'm'],
      ['nodes.1.content.body', 'template', 'm'],
    ]);
    expect(errors[0]?.message).toContain('only e-mails have a subject');
  });

  it('lets template warnings through: a two-part SMS is valid', () => {
    validFlow(validate(around(messageNode('m', 'x'.repeat(200)))));
  });

  it('allows the attribute keys of the installation and no others', () => {
    validFlow(validate(around(messageNode('m', 'Your tier: {{attributes.tier}}'))));
    expect(withCode(errorsOf(validate(around(messageNode('m', 'Your tier: {{attributes.level}}')))), 'template')).toEqual([
      expect.objectContaining({ nodeId: 'm', message: expect.stringContaining('no customer attribute "level" is known') as string }),
    ]);
  });

  it('refuses an e-mail without a subject', () => {
    const node = { id: 'm', type: 'message', content: { channel: 'email', body: '<p>Hi</p>' } };
    expect(errorsOf(validate(around(node)))).toEqual([{ nodeId: 'm', path: 'nodes.1.content.subject', code: 'template', message: 'an e-mail needs a subject' }]);
  });
});

describe('validateFlow: rules', () => {
  it('reports an audience rule on an unknown field, under the node path', () => {
    const node = audienceNode('audience', { kind: 'rule', rule: { op: 'and', rules: [{ field: 'spend', operator: 'gt', value: 1 }, { field: 'spnd', operator: 'gt', value: 1 }] } });
    expect(errorsOf(validate(flowOf([node, exitNode()], [edge('audience', 'exit')])))).toEqual([
      { nodeId: 'audience', path: 'nodes.0.source.rule.rules.1.field', code: 'rule', message: 'unknown field "spnd"' },
    ]);
  });

  it('reports a split rule with an operator its field does not have', () => {
    const split = splitNode('s', { kind: 'rule', rule: { field: 'city', operator: 'gt', value: 3 } });
    const flow = flowOf([audienceNode(), split, exitNode()], [edge('audience', 's'), edge('s', 'exit', 'yes'), edge('s', 'exit', 'no')]);
    expect(errorsOf(validate(flow))).toEqual([
      { nodeId: 's', path: 'nodes.1.split.rule.operator', code: 'rule', message: expect.stringContaining('does not apply to city') as string },
    ]);
  });

  it('reports rule shape problems (a group without rules) with code rule', () => {
    const node = audienceNode('audience', { kind: 'rule', rule: { op: 'and', rules: [] } });
    expect(errorsOf(validate(flowOf([node, exitNode()], [edge('audience', 'exit')])))).toEqual([
      { nodeId: 'audience', path: 'nodes.0.source.rule.rules', code: 'rule', message: 'a group needs at least one rule' },
    ]);
  });

  it('accepts a saved segment by id, in any case', () => {
    const node = audienceNode('audience', { kind: 'segment', segmentId: '65F0C0FFEE0000000000A001' });
    const flow = validFlow(validate(flowOf([node, exitNode()], [edge('audience', 'exit')])));
    expect(flow.nodes[0]).toMatchObject({ source: { kind: 'segment', segmentId: '65f0c0ffee0000000000a001' } });
  });
});

describe('validateFlow: delivery-outcome splits', () => {
  const outcome = (messageNodeId: string) => splitNode('d', { kind: 'deliveryOutcome', messageNodeId });
  const delivery = (nodes: unknown[], edges: unknown[]) => validate(flowOf(nodes, edges));

  it('accepts a split after its message and fills in the receipt timeout', () => {
    const flow = validFlow(
      delivery([audienceNode(), messageNode('m'), outcome('m'), exitNode()], [edge('audience', 'm'), edge('m', 'd'), edge('d', 'exit', 'delivered'), edge('d', 'exit', 'notDelivered')]),
    );
    expect(flow.nodes[2]).toEqual({ id: 'd', type: 'split', split: { kind: 'deliveryOutcome', messageNodeId: 'm', timeoutSeconds: 86_400 } });
  });

  it('refuses a split about a node that does not exist or is not a message', () => {
    const edges = [edge('audience', 'w'), edge('w', 'd'), edge('d', 'exit', 'delivered'), edge('d', 'exit', 'notDelivered')];
    expect(errorsOf(delivery([audienceNode(), waitNode('w'), outcome('ghost'), exitNode()], edges))).toEqual([
      { nodeId: 'd', path: 'nodes.2.split.messageNodeId', code: 'outcome_source', message: 'there is no node "ghost" in this flow; name the message whose delivery decides the branch' },
    ]);
    expect(errorsOf(delivery([audienceNode(), waitNode('w'), outcome('w'), exitNode()], edges))).toEqual([
      { nodeId: 'd', path: 'nodes.2.split.messageNodeId', code: 'outcome_source', message: '"w" is a wait node; a delivery split is about a message node before it' },
    ]);
  });

  it('refuses a split about a message that comes after it', () => {
    const errors = errorsOf(
      delivery([audienceNode(), outcome('m'), messageNode('m'), exitNode()], [edge('audience', 'd'), edge('d', 'm', 'delivered'), edge('d', 'exit', 'notDelivered'), edge('m', 'exit')]),
    );
    expect(errors).toEqual([expect.objectContaining({ nodeId: 'd', code: 'outcome_source', message: expect.stringContaining('does not come before this split') as string })]);
  });

  it('refuses a split about a message only some paths pass through', () => {
    const nodes = [audienceNode(), splitNode('s'), messageNode('m'), outcome('m'), exitNode()];
    const edges = [
      edge('audience', 's'),
      edge('s', 'm', 'notConverted'),
      edge('s', 'd', 'converted'),
      edge('m', 'd'),
      edge('d', 'exit', 'delivered'),
      edge('d', 'exit', 'notDelivered'),
    ];
    expect(errorsOf(delivery(nodes, edges))).toEqual([
      expect.objectContaining({ nodeId: 'd', code: 'outcome_source', message: 'some customers reach this split without passing "m"; pick a message that every path to this split goes through' }),
    ]);
  });
});

describe('validateFlow: random splits', () => {
  const random = (branches: unknown) => around(splitNode('ab', { kind: 'random', branches }));

  it('refuses percentages that do not add up to 100, with percentages', () => {
    const errors = errorsOf(validate(random([{ label: 'A', percent: 50 }, { label: 'B', percent: 40 }])));
    expect(withCode(errors, 'percentages')).toEqual([{ nodeId: 'ab', path: 'nodes.1.split.branches', code: 'percentages', message: 'the percentages add up to 90; they must add up to 100' }]);
  });

  it('refuses a label used twice, one branch, six branches, a label that is not a safe id, and a 0% branch', () => {
    const cases: Array<[unknown, string, string]> = [
      [[{ label: 'A', percent: 50 }, { label: 'A', percent: 50 }], 'duplicate_branch', 'nodes.1.split.branches.1.label'],
      [[{ label: 'A', percent: 100 }], 'schema', 'nodes.1.split.branches'],
      [Array.from({ length: 6 }, (_, index) => ({ label: `v${index}`, percent: index < 4 ? 17 : 16 })), 'schema', 'nodes.1.split.branches'],
      [[{ label: 'a.b', percent: 50 }, { label: 'B', percent: 50 }], 'schema', 'nodes.1.split.branches.0.label'],
      [[{ label: 'A', percent: 0 }, { label: 'B', percent: 100 }], 'schema', 'nodes.1.split.branches.0.percent'],
      [[{ label: 'A', percent: 49.5 }, { label: 'B', percent: 50.5 }], 'schema', 'nodes.1.split.branches.0.percent'],
    ];
    for (const [branches, code, path] of cases) {
      expect(errorsOf(validate(random(branches))), JSON.stringify(branches)).toContainEqual(expect.objectContaining({ nodeId: 'ab', code, path }));
    }
  });
});

describe('validateFlow: tags', () => {
  it('trims a tag and refuses an empty one or a bad action', () => {
    const flow = validFlow(validate(around({ id: 't', type: 'tag', action: 'remove', tag: '  vip  ' })));
    expect(flow.nodes[1]).toEqual({ id: 't', type: 'tag', action: 'remove', tag: 'vip' });
    expect(errorsOf(validate(around({ id: 't', type: 'tag', action: 'toggle', tag: ' ' })))).toEqual([
      { nodeId: 't', path: 'nodes.1.action', code: 'schema', message: 'expected "add" or "remove"' },
      { nodeId: 't', path: 'nodes.1.tag', code: 'schema', message: 'write the tag' },
    ]);
  });
});
