import { edgeBranch, plainBranch } from './flow-branches.js';
import type { AudienceNode, FlowDocument, FlowNode, MessageNode } from './flow-document.js';

// Walking a flow: for the campaign workflow, which interprets a validated flow step by step inside
// Temporal's deterministic sandbox, for the editor (what may be connected to what), and for
// validateFlow. Pure and free of Node built-ins and of zod; iteration follows document order, so every
// answer is the same on every replay. Walks are iterative, so even a hostile graph cannot overflow the stack.

/** The least a graph walk needs: node ids and the edges between them (a FlowDocument is one). */
export interface FlowGraph {
  readonly nodes: ReadonlyArray<{ readonly id: string }>;
  readonly edges: ReadonlyArray<{ readonly from: string; readonly to: string; readonly branch?: string | undefined }>;
}

// Edges to or from ids that are not nodes are left out: validateFlow reports them, walks ignore them.
function adjacency(graph: FlowGraph, direction: 'forward' | 'backward'): Map<string, string[]> {
  const neighbours = new Map<string, string[]>(graph.nodes.map(({ id }) => [id, []]));
  for (const { from, to } of graph.edges) {
    if (!neighbours.has(from) || !neighbours.has(to)) continue;
    const [start, end] = direction === 'forward' ? [from, to] : [to, from];
    neighbours.get(start)?.push(end);
  }
  return neighbours;
}

function breadthFirst(neighbours: ReadonlyMap<string, readonly string[]>, starts: readonly string[], skip?: string): string[] {
  const seen = new Set<string>(starts.filter((id) => neighbours.has(id) && id !== skip));
  const order = [...seen];
  for (let index = 0; index < order.length; index += 1) {
    for (const next of neighbours.get(order[index] ?? '') ?? []) {
      if (seen.has(next) || next === skip) continue;
      seen.add(next);
      order.push(next);
    }
  }
  return order;
}

/** The flow's entry, its audience node (the first one, in a draft that has several); null when it has none. */
export function entryOf(flow: FlowDocument): AudienceNode | null {
  return flow.nodes.find((node): node is AudienceNode => node.type === 'audience') ?? null;
}

/** The node with this id, or null. */
export function nodeById(flow: FlowDocument, id: string): FlowNode | null {
  return flow.nodes.find((node) => node.id === id) ?? null;
}

/** Where customers go from `nodeId` along `branch` (omit it for a non-split node); null at an exit or when no edge carries it. */
export function nextNodeId(flow: FlowGraph, nodeId: string, branch: string = plainBranch): string | null {
  return flow.edges.find((edge) => edge.from === nodeId && edgeBranch(edge) === branch)?.to ?? null;
}

/** The edges leaving `nodeId`, in document order. */
export function outgoingEdgesOf<Edge extends FlowGraph['edges'][number]>(flow: { readonly edges: readonly Edge[] }, nodeId: string): Edge[] {
  return flow.edges.filter((edge) => edge.from === nodeId);
}

/** Every node reachable from any of `startIds` (themselves included), nearest first. */
export function reachableFrom(graph: FlowGraph, startIds: readonly string[]): string[] {
  return breadthFirst(adjacency(graph, 'forward'), startIds);
}

/** Every node from which `nodeId` can be reached (not itself, unless it is on a cycle), nearest first. */
export function ancestorsOf(graph: FlowGraph, nodeId: string): string[] {
  const predecessors = adjacency(graph, 'backward');
  return breadthFirst(predecessors, predecessors.get(nodeId) ?? []);
}

/** Every node reachable from `nodeId` (not itself, unless it is on a cycle), nearest first. */
export function descendantsOf(graph: FlowGraph, nodeId: string): string[] {
  const successors = adjacency(graph, 'forward');
  return breadthFirst(successors, successors.get(nodeId) ?? []);
}

/** True when every path from `entryId` to `nodeId` passes through `throughId` (it dominates `nodeId`). */
export function isOnEveryPath(graph: FlowGraph, entryId: string, throughId: string, nodeId: string): boolean {
  if (throughId === entryId || throughId === nodeId) return true;
  return !breadthFirst(adjacency(graph, 'forward'), [entryId], throughId).includes(nodeId);
}

/** True when an edge from `from` to `to` would close a cycle: for the editor, before it draws the edge. */
export function wouldCreateCycle(graph: FlowGraph, from: string, to: string): boolean {
  return from === to || reachableFrom(graph, [to]).includes(from);
}

/**
 * The node ids with every node before the nodes it leads to, or null when the graph has a cycle and no
 * such order exists. Deterministic: roots in document order, then breadth first along edges in document order.
 */
export function topologicalOrder(graph: FlowGraph): string[] | null {
  const successors = adjacency(graph, 'forward');
  const incoming = new Map<string, number>([...successors.keys()].map((id) => [id, 0]));
  for (const targets of successors.values()) for (const target of targets) incoming.set(target, (incoming.get(target) ?? 0) + 1);
  const order = [...successors.keys()].filter((id) => incoming.get(id) === 0);
  for (let index = 0; index < order.length; index += 1) {
    for (const next of successors.get(order[index] ?? '') ?? []) {
      const left = (incoming.get(next) ?? 0) - 1;
      incoming.set(next, left);
      if (left === 0) order.push(next);
    }
  }
  return order.length === successors.size ? order : null;
}

/**
 * The cycles a depth-first walk meets, one per edge that closes one, each as its node ids in edge
 * order (the last leads back to the first); [] for an acyclic graph.
 */
export function findCycles(graph: FlowGraph): string[][] {
  const successors = adjacency(graph, 'forward');
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  for (const root of successors.keys()) {
    if (state.has(root)) continue;
    // An explicit stack of (node, index of its next successor) stands in for recursion.
    const path: string[] = [root];
    const nextIndex: number[] = [0];
    state.set(root, 'open');
    while (path.length > 0) {
      const depth = path.length - 1;
      const current = path[depth] ?? '';
      const index = nextIndex[depth] ?? 0;
      const next = successors.get(current)?.[index];
      if (next === undefined) {
        state.set(current, 'done');
        path.pop();
        nextIndex.pop();
        continue;
      }
      nextIndex[depth] = index + 1;
      const seen = state.get(next);
      if (seen === 'open') cycles.push(path.slice(path.lastIndexOf(next)));
      else if (seen === undefined) {
        state.set(next, 'open');
        path.push(next);
        nextIndex.push(0);
      }
    }
  }
  return cycles;
}

/** The flow's message nodes, each before the ones it leads to (document order when the flow has a cycle). */
export function messageNodesOf(flow: FlowDocument): MessageNode[] {
  const messages = flow.nodes.filter((node): node is MessageNode => node.type === 'message');
  const order = topologicalOrder(flow);
  if (!order) return messages;
  const rank = new Map(order.map((id, index) => [id, index]));
  return messages.sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0));
}
