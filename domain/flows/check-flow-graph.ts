import { branchesOf, edgeBranch, plainBranch } from './flow-branches.js';
import type { FlowError } from './flow-errors.js';
import { findCycles, reachableFrom } from './flow-graph.js';
import { flowPath } from './flow-issues.js';
import { nodeName, type EdgeEntry, type FlowIndex, type FlowParts, type NodeEntry } from './flow-parts.js';

// The rules about the flow as a graph: unique ids, one entry that nothing leads into, edges between
// existing nodes, no loops, everything reachable, and each node's outgoing edges exactly its branches.
// Each error is keyed by the node it is about, so the editor can badge it; edge errors by the node the
// edge leaves, plus the edge's index.

function quotedList(labels: readonly string[]): string {
  const quoted = labels.map((label) => JSON.stringify(label));
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) ?? ''}`;
}

function duplicateIds(parts: FlowParts, index: FlowIndex): FlowError[] {
  return parts.nodes.flatMap((entry): FlowError[] => {
    const first = entry.id === null ? undefined : index.byId.get(entry.id);
    if (entry.id === null || !first || first === entry) return [];
    const message = `node id ${JSON.stringify(entry.id)} is already the id of nodes.${first.index}; every node needs its own id`;
    return [{ nodeId: entry.id, path: flowPath(['nodes', entry.index, 'id']), code: 'duplicate_node_id', message }];
  });
}

function danglingEdges(parts: FlowParts, index: FlowIndex): FlowError[] {
  return parts.edges.flatMap(({ index: edgeIndex, edge }): FlowError[] => {
    const errors: FlowError[] = [];
    for (const end of ['from', 'to'] as const) {
      if (index.byId.has(edge[end])) continue;
      const other = end === 'from' ? edge.to : edge.from;
      const role = end === 'from' ? 'starts at' : 'leads to';
      errors.push({
        nodeId: index.byId.has(other) ? other : null,
        edgeIndex,
        path: flowPath(['edges', edgeIndex, end]),
        code: 'dangling_edge',
        message: `edge ${edgeIndex} ${role} ${JSON.stringify(edge[end])}, which is not a node of this flow`,
      });
    }
    return errors;
  });
}

function entryErrors(parts: FlowParts, index: FlowIndex): FlowError[] {
  const [entry, ...others] = index.audiences;
  if (!entry) return [{ nodeId: null, path: 'nodes', code: 'no_entry', message: 'a flow starts at an audience node, and this one has none; add one' }];
  const errors: FlowError[] = others.map((other) => ({
    nodeId: other.id,
    path: flowPath(['nodes', other.index, 'type']),
    code: 'several_entries',
    message: `a flow has exactly one audience node, and ${nodeName(entry, `nodes.${entry.index}`)} is already its entry; remove this one or make it another kind of step`,
  }));
  for (const audience of index.audiences) {
    for (const { index: edgeIndex, edge } of parts.edges) {
      if (audience.id === null || edge.to !== audience.id) continue;
      errors.push({
        nodeId: audience.id,
        edgeIndex,
        path: flowPath(['edges', edgeIndex, 'to']),
        code: 'entry_has_incoming',
        message: `the audience node starts the flow, so nothing may lead into it; remove the edge from ${nodeName(index.byId.get(edge.from), edge.from)}`,
      });
    }
  }
  return errors;
}

function cycleErrors(parts: FlowParts, index: FlowIndex): FlowError[] {
  return findCycles(index.graph).map((cycle): FlowError => {
    const [first = ''] = cycle;
    const last = cycle.at(-1) ?? first;
    const closing = parts.edges.find(({ edge }) => edge.from === last && edge.to === first);
    const name = (id: string): string => nodeName(index.byId.get(id), id);
    const message =
      cycle.length === 1
        ? `${name(first)} leads back to itself; a flow always moves on towards an exit`
        : `these steps form a loop: ${[...cycle, first].map(name).join(' → ')}; a flow always moves on towards an exit (remove the edge from ${name(last)} to ${name(first)})`;
    return {
      nodeId: last,
      nodeIds: cycle,
      ...(closing ? { edgeIndex: closing.index } : {}),
      path: closing ? flowPath(['edges', closing.index]) : 'edges',
      code: 'cycle',
      message,
    };
  });
}

function unreachableNodes(index: FlowIndex): FlowError[] {
  const starts = index.audiences.flatMap(({ id }) => (id === null ? [] : [id]));
  if (starts.length === 0) return []; // Without an entry everything would be unreachable; no_entry says it once.
  const reached = new Set(reachableFrom(index.graph, starts));
  return [...index.byId.values()]
    .filter((entry) => entry.id !== null && !reached.has(entry.id))
    .map((entry) => ({
      nodeId: entry.id,
      path: flowPath(['nodes', entry.index]),
      code: 'unreachable' as const,
      message: `no path from the audience leads to ${nodeName(entry, '')}; connect it or remove it`,
    }));
}

// What a node's edges must carry; null when it cannot be known (a split whose settings failed their schema).
function expectedBranches(entry: NodeEntry): string[] | null {
  if (entry.node) return branchesOf(entry.node);
  if (entry.type === null || entry.type === 'split') return null;
  return entry.type === 'exit' ? [] : [plainBranch];
}

function edgeError(node: NodeEntry, { index }: EdgeEntry, code: FlowError['code'], field: 'branch' | null, message: string): FlowError {
  return { nodeId: node.id, edgeIndex: index, path: flowPath(field ? ['edges', index, field] : ['edges', index]), code, message };
}

function plainNodeEdges(entry: NodeEntry, outgoing: readonly EdgeEntry[], index: FlowIndex): FlowError[] {
  const target = (edge: EdgeEntry): string => nodeName(index.byId.get(edge.edge.to), edge.edge.to);
  const [first] = outgoing;
  if (!first) {
    return [{ nodeId: entry.id, path: flowPath(['nodes', entry.index]), code: 'missing_edge', message: `${nodeName(entry, '')} leads nowhere; connect it to the next step (or to an exit)` }];
  }
  return outgoing.flatMap((edge, position): FlowError[] => {
    const errors: FlowError[] = [];
    const label = edgeBranch(edge.edge);
    if (label !== plainBranch) errors.push(edgeError(entry, edge, 'unknown_branch', 'branch', `only splits label their edges; remove the label ${JSON.stringify(label)} from the edge to ${target(edge)}`));
    if (position > 0) {
      errors.push(edgeError(entry, edge, 'extra_edge', null, `${nodeName(entry, '')} already leads to ${target(first)}; a ${entry.type ?? ''} step leads to exactly one next step, so remove the edge to ${target(edge)}`));
    }
    return errors;
  });
}

function splitEdges(entry: NodeEntry, expected: readonly string[], outgoing: readonly EdgeEntry[], index: FlowIndex): FlowError[] {
  const target = (edge: EdgeEntry): string => nodeName(index.byId.get(edge.edge.to), edge.edge.to);
  const taken = new Map<string, EdgeEntry>();
  const errors: FlowError[] = [];
  for (const edge of outgoing) {
    const label = edgeBranch(edge.edge);
    const earlier = taken.get(label);
    if (!expected.includes(label)) {
      const message =
        label === plainBranch
          ? `the edge to ${target(edge)} needs a branch label: ${quotedList(expected)}`
          : `this split has no branch ${JSON.stringify(label)}; its branches are ${quotedList(expected)}`;
      errors.push(edgeError(entry, edge, 'unknown_branch', 'branch', message));
    } else if (earlier) {
      errors.push(edgeError(entry, edge, 'duplicate_branch', 'branch', `branch ${JSON.stringify(label)} already leads to ${target(earlier)}; each branch has exactly one edge`));
    } else taken.set(label, edge);
  }
  for (const label of expected) {
    if (taken.has(label)) continue;
    const message = `branch ${JSON.stringify(label)} of ${nodeName(entry, '')} leads nowhere; connect it to the next step (or to an exit)`;
    errors.push({ nodeId: entry.id, path: flowPath(['nodes', entry.index]), code: 'missing_branch', message });
  }
  return errors;
}

function branchErrors(parts: FlowParts, index: FlowIndex): FlowError[] {
  return [...index.byId.values()].flatMap((entry): FlowError[] => {
    const expected = expectedBranches(entry);
    if (expected === null) return [];
    const outgoing = parts.edges.filter(({ edge }) => edge.from === entry.id);
    if (expected.length === 0) {
      return outgoing.map((edge) =>
        edgeError(entry, edge, 'extra_edge', null, `an exit ends the flow; remove the edge to ${nodeName(index.byId.get(edge.edge.to), edge.edge.to)}`),
      );
    }
    return expected.length === 1 && expected[0] === plainBranch ? plainNodeEdges(entry, outgoing, index) : splitEdges(entry, expected, outgoing, index);
  });
}

/** Every graph error of a flow: ids, entry, edge ends, cycles, reachability, and each node's branches. */
export function checkFlowGraph(parts: FlowParts, index: FlowIndex): FlowError[] {
  return [
    ...duplicateIds(parts, index),
    ...entryErrors(parts, index),
    ...danglingEdges(parts, index),
    ...cycleErrors(parts, index),
    ...unreachableNodes(index),
    ...branchErrors(parts, index),
  ];
}
