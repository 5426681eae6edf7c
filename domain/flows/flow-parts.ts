import type { FlowEdge, FlowNode, FlowNodeType } from './flow-document.js';
import type { FlowGraph } from './flow-graph.js';

// A flow as validation sees it: each node and edge parsed on its own, so that one malformed node does
// not hide the rest of the flow's problems. A node that failed its schema still takes part in the graph
// checks when its id and type could be read (edges to it are not dangling, an audience still counts as
// the entry); only the checks that need its settings skip it.

/** One element of `nodes`, as far as it could be read. */
export interface NodeEntry {
  /** Its index in `nodes`. */
  index: number;
  /** Its id if that is a valid node id, else null. */
  id: string | null;
  /** Its type if that is a known type, else null. */
  type: FlowNodeType | null;
  /** The node, when it passed its schema. */
  node: FlowNode | null;
  label: string | null;
}

/** One element of `edges` that passed its schema. */
export interface EdgeEntry {
  index: number;
  edge: FlowEdge;
}

/** A document's nodes and the edges that could be read. */
export interface FlowParts {
  nodes: NodeEntry[];
  edges: EdgeEntry[];
}

/** The parts, looked up: the first node of each id, every audience node, and the graph of the edges between known nodes. */
export interface FlowIndex {
  byId: ReadonlyMap<string, NodeEntry>;
  audiences: NodeEntry[];
  graph: FlowGraph;
}

/** Indexes the parts; a repeated id is indexed by its first node (validation reports the others). */
export function indexFlowParts(parts: FlowParts): FlowIndex {
  const byId = new Map<string, NodeEntry>();
  for (const entry of parts.nodes) if (entry.id !== null && !byId.has(entry.id)) byId.set(entry.id, entry);
  const nodes = [...byId.keys()].map((id) => ({ id }));
  const edges = parts.edges.map(({ edge }) => edge).filter(({ from, to }) => byId.has(from) && byId.has(to));
  // Counted with or without a readable id, so an audience with a bad id is not also reported missing.
  const audiences = parts.nodes.filter((entry) => entry.type === 'audience');
  return { byId, audiences, graph: { nodes, edges } };
}

/** How messages name a node: `"Send win-back SMS" (m1)` with a label, `"m1"` without. */
export function nodeName(entry: Pick<NodeEntry, 'id' | 'label'> | undefined, fallbackId: string): string {
  const id = entry?.id ?? fallbackId;
  return entry?.label ? `${JSON.stringify(entry.label)} (${id})` : JSON.stringify(id);
}
