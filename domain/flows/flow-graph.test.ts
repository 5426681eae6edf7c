import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { abTestFlow, emailWithSmsFallbackFlow, winBackFlow } from './example-flows.js';
import type { FlowDocument } from './flow-document.js';
import {
  ancestorsOf,
  descendantsOf,
  entryOf,
  findCycles,
  isOnEveryPath,
  messageNodesOf,
  nextNodeId,
  nodeById,
  outgoingEdgesOf,
  reachableFrom,
  topologicalOrder,
  wouldCreateCycle,
  type FlowGraph,
} from './flow-graph.js';

const graph = (edges: Array<[string, string]>, ids?: string[]): FlowGraph => ({
  nodes: (ids ?? [...new Set(edges.flat())]).map((id) => ({ id })),
  edges: edges.map(([from, to]) => ({ from, to })),
});

describe('flow-graph: navigating a flow', () => {
  it('finds the entry and nodes by id', () => {
    expect(entryOf(winBackFlow)?.id).toBe('audience');
    expect(nodeById(winBackFlow, 'wait-3-days')?.type).toBe('wait');
    expect(nodeById(winBackFlow, 'nope')).toBeNull();
    expect(entryOf({ schemaVersion: 1, nodes: [{ id: 'x', type: 'exit' }], edges: [] })).toBeNull();
  });

  it('follows plain edges and split branches to the next node, and stops at an exit', () => {
    expect(nextNodeId(winBackFlow, 'audience')).toBe('miss-you');
    expect(nextNodeId(winBackFlow, 'ordered', 'converted')).toBe('won-back');
    expect(nextNodeId(winBackFlow, 'ordered', 'notConverted')).toBe('discount');
    expect(nextNodeId(winBackFlow, 'ordered')).toBeNull();
    expect(nextNodeId(winBackFlow, 'exit')).toBeNull();
    expect(nextNodeId(abTestFlow, 'ab', 'holdout')).toBe('exit');
  });

  it('lists a node’s outgoing edges in document order', () => {
    expect(outgoingEdgesOf(abTestFlow, 'ab').map(({ branch }) => branch)).toEqual(['A', 'B', 'holdout']);
  });

  it('lists ancestors and descendants nearest first', () => {
    expect(ancestorsOf(winBackFlow, 'discount')).toEqual(['ordered', 'wait-3-days', 'miss-you', 'audience']);
    expect(ancestorsOf(winBackFlow, 'audience')).toEqual([]);
    expect(descendantsOf(winBackFlow, 'ordered')).toEqual(['won-back', 'discount', 'exit']);
    expect(reachableFrom(winBackFlow, ['ordered'])).toEqual(['ordered', 'won-back', 'discount', 'exit']);
  });

  it('orders nodes topologically, deterministically, and returns null for a cycle', () => {
    expect(topologicalOrder(winBackFlow)).toEqual(['audience', 'miss-you', 'wait-3-days', 'ordered', 'won-back', 'discount', 'exit']);
    const order = topologicalOrder(abTestFlow) ?? [];
    for (const { from, to } of abTestFlow.edges) expect(order.indexOf(from)).toBeLessThan(order.indexOf(to));
    expect(topologicalOrder(graph([['a', 'b'], ['b', 'c'], ['c', 'b']]))).toBeNull();
  });

  it('lists message nodes in the order customers meet them', () => {
    const reversed: FlowDocument = { ...winBackFlow, nodes: [...winBackFlow.nodes].reverse() };
    expect(messageNodesOf(reversed).map(({ id }) => id)).toEqual(['miss-you', 'discount']);
    expect(messageNodesOf(emailWithSmsFallbackFlow).map(({ id }) => id)).toEqual(['invite', 'sms']);
  });

  it('tells whether a node lies on every path to another', () => {
    expect(isOnEveryPath(emailWithSmsFallbackFlow, 'vips', 'invite', 'sms')).toBe(true);
    expect(isOnEveryPath(abTestFlow, 'audience', 'email-a', 'exit')).toBe(false);
    expect(isOnEveryPath(abTestFlow, 'audience', 'ab', 'exit')).toBe(true);
  });
});

describe('flow-graph: cycles', () => {
  it('finds each cycle with its nodes in edge order', () => {
    expect(findCycles(graph([['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'b']]))).toEqual([['b', 'c', 'd']]);
    expect(findCycles(graph([['a', 'a']]))).toEqual([['a']]);
    expect(findCycles(winBackFlow)).toEqual([]);
  });

  it('tells the editor which edge would close a cycle', () => {
    expect(wouldCreateCycle(winBackFlow, 'discount', 'miss-you')).toBe(true);
    expect(wouldCreateCycle(winBackFlow, 'exit', 'exit')).toBe(true);
    expect(wouldCreateCycle(winBackFlow, 'miss-you', 'discount')).toBe(false);
  });

  it('walks a 100,000-node chain and cycle without overflowing the stack', () => {
    const ids = Array.from({ length: 100_000 }, (_, index) => `n${index}`);
    const edges = ids.slice(1).map((id, index): [string, string] => [ids[index] ?? '', id]);
    expect(topologicalOrder(graph(edges, ids))).toHaveLength(100_000);
    expect(findCycles(graph([...edges, ['n99999', 'n0']], ids))[0]).toHaveLength(100_000);
  });

  it('ignores edges to ids that are not nodes', () => {
    expect(reachableFrom(graph([['a', 'ghost']], ['a']), ['a'])).toEqual(['a']);
    expect(topologicalOrder(graph([['a', 'ghost']], ['a']))).toEqual(['a']);
  });
});

describe('flow-graph: fit for the workflow sandbox', () => {
  // Temporal's deterministic sandbox refuses Node built-ins; zod is left out so the interpreter stays light.
  it('imports nothing at run time but the zod-free branch helpers', () => {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const runtimeImports = (file: string): string[] =>
      [...fs.readFileSync(path.join(here, file), 'utf8').matchAll(/^import (?!type )[^;]*from '([^']+)';$/gm)].map((match) => match[1] ?? '');
    expect(runtimeImports('flow-graph.ts')).toEqual(['./flow-branches.js']);
    expect(runtimeImports('flow-branches.ts')).toEqual([]);
  });
});
