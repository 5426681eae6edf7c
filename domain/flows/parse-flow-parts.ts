import { z } from 'zod';
import { nodeIdSchema } from '../delivery/delivery-ids.js';
import { flowEdgeSchema, flowLimits, flowNodeSchema, flowNodeTypes, flowSchemaVersionSchema, type FlowNodeType } from './flow-document.js';
import type { FlowError } from './flow-errors.js';
import { flowIssueMessage, issuesToFlowErrors } from './flow-issues.js';
import type { EdgeEntry, FlowParts, NodeEntry } from './flow-parts.js';

// The first pass of validation: the document's envelope, then each node and edge on its own against
// the same schemas as flowDocumentSchema. Counts are checked before any element is looked at, so an
// oversized document costs next to nothing to refuse.

const envelopeSchema = z.strictObject(
  {
    schemaVersion: flowSchemaVersionSchema,
    nodes: z.array(z.unknown(), { error: 'expected a list of nodes' }),
    edges: z.array(z.unknown(), { error: 'expected a list of edges' }),
  },
  { error: 'expected a flow document: {"schemaVersion", "nodes", "edges"}' },
);

const parseOptions = { error: flowIssueMessage };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readableId(raw: unknown): string | null {
  const id = nodeIdSchema.safeParse(isObject(raw) ? raw.id : undefined);
  return id.success ? id.data : null;
}

function readableType(raw: unknown): FlowNodeType | null {
  const type = isObject(raw) ? raw.type : undefined;
  return flowNodeTypes.find((known) => known === type) ?? null;
}

function readableLabel(raw: unknown): string | null {
  const label = isObject(raw) ? raw.label : undefined;
  return typeof label === 'string' && label.trim() !== '' ? label.trim().slice(0, 80) : null;
}

// Before the envelope's schema, which would walk every element of an oversized list.
function countErrors(input: unknown): FlowError[] {
  const nodes: unknown = isObject(input) ? input.nodes : undefined;
  const edges: unknown = isObject(input) ? input.edges : undefined;
  const errors: FlowError[] = [];
  if (Array.isArray(nodes) && nodes.length > flowLimits.maxNodes) {
    errors.push({ nodeId: null, path: 'nodes', code: 'too_many_nodes', message: `a flow has at most ${flowLimits.maxNodes} nodes; this one has ${nodes.length}` });
  }
  if (Array.isArray(edges) && edges.length > flowLimits.maxEdges) {
    errors.push({ nodeId: null, path: 'edges', code: 'too_many_edges', message: `a flow has at most ${flowLimits.maxEdges} edges; this one has ${edges.length}` });
  }
  return errors;
}

function parseNode(raw: unknown, index: number, errors: FlowError[]): NodeEntry {
  const id = readableId(raw);
  const entry = { index, id, type: readableType(raw), label: readableLabel(raw) };
  const parsed = flowNodeSchema.safeParse(raw, parseOptions);
  if (parsed.success) return { ...entry, node: parsed.data, label: parsed.data.label || null };
  errors.push(...issuesToFlowErrors(parsed.error.issues, { prefix: ['nodes', index], nodeId: id }));
  return { ...entry, node: null };
}

// A malformed edge is keyed to the node it leaves, when that is a node of this flow.
function parseEdge(raw: unknown, index: number, nodeIds: ReadonlySet<string>, errors: FlowError[]): EdgeEntry | null {
  const parsed = flowEdgeSchema.safeParse(raw, parseOptions);
  if (parsed.success) return { index, edge: parsed.data };
  const from = isObject(raw) && typeof raw.from === 'string' && nodeIds.has(raw.from) ? raw.from : null;
  errors.push(...issuesToFlowErrors(parsed.error.issues, { prefix: ['edges', index], nodeId: from, edgeIndex: index }));
  return null;
}

/** Reads a document into its parts, with every schema error; parts is null when not even the envelope (or its size) is acceptable. */
export function parseFlowParts(input: unknown): { parts: FlowParts | null; errors: FlowError[] } {
  const tooMany = countErrors(input);
  if (tooMany.length > 0) return { parts: null, errors: tooMany };
  const envelope = envelopeSchema.safeParse(input, parseOptions);
  if (!envelope.success) return { parts: null, errors: issuesToFlowErrors(envelope.error.issues, { prefix: [], nodeId: null }) };

  const errors: FlowError[] = [];
  const nodes = envelope.data.nodes.map((raw, index) => parseNode(raw, index, errors));
  const nodeIds = new Set(nodes.flatMap(({ id }) => (id === null ? [] : [id])));
  const edges = envelope.data.edges.flatMap((raw, index) => parseEdge(raw, index, nodeIds, errors) ?? []);
  return { parts: { nodes, edges }, errors };
}
