import { checkFlowGraph } from './check-flow-graph.js';
import { checkFlowNodes, type FlowValidationContext } from './check-flow-nodes.js';
import { flowSchemaVersion, type FlowDocument } from './flow-document.js';
import { maxReportedFlowErrors, type FlowError } from './flow-errors.js';
import { indexFlowParts } from './flow-parts.js';
import { parseFlowParts } from './parse-flow-parts.js';

// The one gate every flow passes, whoever wrote it (the editor, an integrator, the AI): the schema of
// each node and edge, the graph, and what the nodes say. It collects every error rather than stopping
// at the first, so a marketer fixes a flow in one round, and it names each error's node.

export type { FlowValidationContext } from './check-flow-nodes.js';

/** A flow known good (defaults filled in, text trimmed), or every error found in it (at most maxReportedFlowErrors). */
export type FlowValidation = { ok: true; flow: FlowDocument } | { ok: false; errors: FlowError[] };

/** Validates a flow document from any source against the schema, the graph rules and the installation. */
export function validateFlow(input: unknown, context: FlowValidationContext): FlowValidation {
  const { parts, errors } = parseFlowParts(input);
  if (parts) {
    const index = indexFlowParts(parts);
    errors.push(...checkFlowGraph(parts, index), ...checkFlowNodes(parts, index, context));
  }
  if (errors.length > 0 || !parts) return { ok: false, errors: errors.slice(0, maxReportedFlowErrors) };
  const nodes = parts.nodes.flatMap(({ node }) => (node ? [node] : []));
  return { ok: true, flow: { schemaVersion: flowSchemaVersion, nodes, edges: parts.edges.map(({ edge }) => edge) } };
}
