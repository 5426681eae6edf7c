import { describe, expect, it } from 'vitest';
import { flowLimits } from './flow-document.js';
import {
  audienceNode,
  chainFlow,
  edge,
  errorsOf,
  exitNode,
  flowOf,
  messageNode,
  splitNode,
  tagNode,
  testContext,
  validFlow,
  waitNode,
  winBackShape,
  withCode,
} from './testing/flow-factories.js';
import { validateFlow } from './validate-flow.js';

const validate = (input: unknown) => validateFlow(input, testContext());

describe('validateFlow: size', () => {
  it('accepts a chain of 100 nodes', () => {
    const flow = validFlow(validate(chainFlow(flowLimits.maxNodes)));
    expect(flow.nodes).toHaveLength(100);
  });

  it('refuses 101 nodes as a whole, with a document-level too_many_nodes', () => {
    expect(errorsOf(validate(chainFlow(flowLimits.maxNodes + 1)))).toEqual([
      { nodeId: null, path: 'nodes', code: 'too_many_nodes', message: 'a flow has at most 100 nodes; this one has 101' },
    ]);
  });

  it('refuses more than 500 edges', () => {
    const flow = chainFlow(3);
    flow.edges = Array.from({ length: 501 }, () => edge('audience', 'tag-1'));
    expect(errorsOf(validate(flow))).toEqual([expect.objectContaining({ nodeId: null, code: 'too_many_edges', path: 'edges' })]);
  });
});

describe('validateFlow: the entry', () => {
  it('refuses a flow without an audience node, with no_entry keyed to no node', () => {
    const errors = errorsOf(validate(flowOf([messageNode('m'), exitNode()], [edge('m', 'exit')])));
    expect(withCode(errors, 'no_entry')).toEqual([{ nodeId: null, path: 'nodes', code: 'no_entry', message: expect.stringContaining('audience') as string }]);
    // Without an entry nothing is "unreachable": no_entry says it once.
    expect(withCode(errors, 'unreachable')).toEqual([]);
  });

  it('refuses a second audience node, naming it and the entry', () => {
    const errors = errorsOf(validate(flowOf([audienceNode('a1'), audienceNode('a2'), exitNode()], [edge('a1', 'exit'), edge('a2', 'exit')])));
    expect(withCode(errors, 'several_entries')).toEqual([{ nodeId: 'a2', path: 'nodes.1.type', code: 'several_entries', message: expect.stringContaining('"a1"') as string }]);
  });

  it('refuses an edge into the audience node', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), splitNode('s'), exitNode()], [edge('audience', 's'), edge('s', 'exit', 'converted'), edge('s', 'audience', 'notConverted')])));
    expect(withCode(errors, 'entry_has_incoming')).toEqual([
      { nodeId: 'audience', edgeIndex: 2, path: 'edges.2.to', code: 'entry_has_incoming', message: expect.stringContaining('remove the edge from "s"') as string },
    ]);
  });

  it('still counts an audience whose settings fail their schema as the entry', () => {
    const errors = errorsOf(validate(flowOf([audienceNode('audience', { kind: 'segment', segmentId: 'nope' }), exitNode()], [edge('audience', 'exit')])));
    expect(errors).toEqual([expect.objectContaining({ nodeId: 'audience', code: 'schema', path: 'nodes.0.source.segmentId' })]);
  });
});

describe('validateFlow: edges and cycles', () => {
  it('refuses an edge to or from a node that does not exist', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), exitNode()], [edge('audience', 'exit'), edge('ghost', 'exit'), edge('audience', 'nowhere')])));
    expect(withCode(errors, 'dangling_edge')).toEqual([
      { nodeId: 'exit', edgeIndex: 1, path: 'edges.1.from', code: 'dangling_edge', message: 'edge 1 starts at "ghost", which is not a node of this flow' },
      { nodeId: 'audience', edgeIndex: 2, path: 'edges.2.to', code: 'dangling_edge', message: 'edge 2 leads to "nowhere", which is not a node of this flow' },
    ]);
  });

  it('does not call an edge dangling when its node exists but failed its schema', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), waitNode('w', { kind: 'duration', seconds: -1 }), exitNode()], [edge('audience', 'w'), edge('w', 'exit')])));
    expect(errors).toEqual([expect.objectContaining({ nodeId: 'w', code: 'schema', path: 'nodes.1.wait.seconds' })]);
  });

  it('reports a cycle with the ids of every node on it, keyed to the node whose edge closes it', () => {
    const nodes = [audienceNode(), messageNode('m1'), waitNode('w1'), splitNode('s1'), exitNode()];
    const edges = [edge('audience', 'm1'), edge('m1', 'w1'), edge('w1', 's1'), edge('s1', 'm1', 'notConverted'), edge('s1', 'exit', 'converted')];
    const errors = errorsOf(validate(flowOf(nodes, edges)));
    expect(errors).toEqual([
      {
        nodeId: 's1',
        nodeIds: ['m1', 'w1', 's1'],
        edgeIndex: 3,
        path: 'edges.3',
        code: 'cycle',
        message: 'these steps form a loop: "m1" → "w1" → "s1" → "m1"; a flow always moves on towards an exit (remove the edge from "s1" to "m1")',
      },
    ]);
  });

  it('reports a node that leads back to itself', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), waitNode('w'), exitNode()], [edge('audience', 'w'), edge('w', 'w')])));
    expect(withCode(errors, 'cycle')).toEqual([expect.objectContaining({ nodeId: 'w', nodeIds: ['w'], edgeIndex: 1, message: expect.stringContaining('leads back to itself') as string })]);
  });

  it('reports every node no path from the audience reaches', () => {
    const nodes = [audienceNode(), exitNode(), { ...tagNode('orphan'), label: 'Lonely tag' }, exitNode('orphan-exit')];
    const errors = errorsOf(validate(flowOf(nodes, [edge('audience', 'exit'), edge('orphan', 'orphan-exit')])));
    expect(withCode(errors, 'unreachable')).toEqual([
      { nodeId: 'orphan', path: 'nodes.2', code: 'unreachable', message: 'no path from the audience leads to "Lonely tag" (orphan); connect it or remove it' },
      { nodeId: 'orphan-exit', path: 'nodes.3', code: 'unreachable', message: 'no path from the audience leads to "orphan-exit"; connect it or remove it' },
    ]);
  });

  it('refuses a repeated node id, keyed to the id, at the repeat', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), tagNode('t'), tagNode('t'), exitNode()], [edge('audience', 't'), edge('t', 'exit')])));
    expect(withCode(errors, 'duplicate_node_id')).toEqual([{ nodeId: 't', path: 'nodes.2.id', code: 'duplicate_node_id', message: expect.stringContaining('nodes.1') as string }]);
  });
});

describe('validateFlow: outgoing edges match branchesOf', () => {
  it('refuses a step that leads nowhere', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), messageNode('m'), exitNode()], [edge('audience', 'm')])));
    expect(withCode(errors, 'missing_edge')).toEqual([{ nodeId: 'm', path: 'nodes.1', code: 'missing_edge', message: '"m" leads nowhere; connect it to the next step (or to an exit)' }]);
  });

  it('refuses a second edge out of a plain step', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), tagNode('t'), exitNode('e1'), exitNode('e2')], [edge('audience', 't'), edge('t', 'e1'), edge('t', 'e2')])));
    expect(withCode(errors, 'extra_edge')).toEqual([{ nodeId: 't', edgeIndex: 2, path: 'edges.2', code: 'extra_edge', message: expect.stringContaining('remove the edge to "e2"') as string }]);
  });

  it('refuses an edge out of an exit', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), exitNode(), tagNode('t'), exitNode('end')], [edge('audience', 'exit'), edge('exit', 't'), edge('t', 'end')])));
    expect(withCode(errors, 'extra_edge')).toEqual([
      { nodeId: 'exit', edgeIndex: 1, path: 'edges.1', code: 'extra_edge', message: 'an exit ends the flow; remove the edge to "t"' },
    ]);
  });

  it('refuses a branch label on a plain step', () => {
    const errors = errorsOf(validate(flowOf([audienceNode(), exitNode()], [edge('audience', 'exit', 'yes')])));
    expect(errors).toEqual([
      { nodeId: 'audience', edgeIndex: 0, path: 'edges.0.branch', code: 'unknown_branch', message: 'only splits label their edges; remove the label "yes" from the edge to "exit"' },
    ]);
  });

  it('takes an empty branch label as no label', () => {
    validFlow(validate(flowOf([audienceNode(), exitNode()], [edge('audience', 'exit', '')])));
  });

  it('refuses a split branch that leads nowhere', () => {
    const shape = winBackShape();
    shape.edges = shape.edges.filter((candidate) => candidate.branch !== 'notConverted' && candidate.from !== 'second');
    shape.nodes = shape.nodes.filter((node) => node.id !== 'second');
    const errors = errorsOf(validate(shape));
    expect(errors).toEqual([
      { nodeId: 'ordered', path: 'nodes.3', code: 'missing_branch', message: 'branch "notConverted" of "ordered" leads nowhere; connect it to the next step (or to an exit)' },
    ]);
  });

  it('refuses a split edge without a label or with a label the split does not have', () => {
    const nodes = [audienceNode(), splitNode('s', { kind: 'rule', rule: { field: 'visits', operator: 'lt', value: 3 } }), exitNode('e1'), exitNode('e2'), exitNode('e3')];
    const edges = [edge('audience', 's'), edge('s', 'e1', 'yes'), edge('s', 'e2', 'no'), edge('s', 'e3'), edge('s', 'e3', 'maybe')];
    const errors = errorsOf(validate(flowOf(nodes, edges)));
    expect(withCode(errors, 'unknown_branch')).toEqual([
      { nodeId: 's', edgeIndex: 3, path: 'edges.3.branch', code: 'unknown_branch', message: 'the edge to "e3" needs a branch label: "yes" and "no"' },
      { nodeId: 's', edgeIndex: 4, path: 'edges.4.branch', code: 'unknown_branch', message: 'this split has no branch "maybe"; its branches are "yes" and "no"' },
    ]);
  });

  it('refuses two edges for one branch', () => {
    const shape = winBackShape();
    shape.edges.push(edge('ordered', 'exit', 'converted'));
    expect(errorsOf(validate(shape))).toEqual([
      { nodeId: 'ordered', edgeIndex: 7, path: 'edges.7.branch', code: 'duplicate_branch', message: 'branch "converted" already leads to "won-back"; each branch has exactly one edge' },
    ]);
  });

  it('checks the branches of a random split against its own labels', () => {
    const split = { kind: 'random', branches: [{ label: 'A', percent: 50 }, { label: 'B', percent: 50 }] };
    const nodes = [audienceNode(), splitNode('ab', split), exitNode()];
    validFlow(validate(flowOf(nodes, [edge('audience', 'ab'), edge('ab', 'exit', 'A'), edge('ab', 'exit', 'B')])));
    const errors = errorsOf(validate(flowOf(nodes, [edge('audience', 'ab'), edge('ab', 'exit', 'A'), edge('ab', 'exit', 'C')])));
    expect(errors.map(({ code, nodeId }) => [code, nodeId])).toEqual([
      ['unknown_branch', 'ab'],
      ['missing_branch', 'ab'],
    ]);
  });
});

describe('validateFlow: all errors at once', () => {
  it('collects schema, graph and content errors of different nodes in one answer', () => {
    const nodes = [
      audienceNode(),
      messageNode('m', 'Hi {{frist_name}}'),
      waitNode('w', { kind: 'duration', seconds: 100 * 86_400 }),
      tagNode('stray'),
      exitNode(),
    ];
    const errors = errorsOf(validate(flowOf(nodes, [edge('audience', 'm'), edge('m', 'w'), edge('w', 'exit')])));
    expect(errors.map(({ code, nodeId }) => [code, nodeId])).toEqual([
      ['wait_too_long', 'w'],
      ['unreachable', 'stray'],
      ['missing_edge', 'stray'],
      ['template', 'm'],
    ]);
  });
});
