import { z } from 'zod';

// What is wrong with a flow, in a form three readers share: the API (a 400 listing every error), the
// flow editor (a badge on each node and edge) and the AI generator (which feeds errors back to the model).
// Codes are stable identifiers for programs; messages are for people and may be reworded.

/** Every kind of flow error; append new codes, never rename one. */
export const flowErrorCodes = [
  // The document's shape, per field (zod): anything without a more specific code below.
  'schema',
  'too_many_nodes',
  'too_many_edges',
  'duplicate_node_id',
  // The graph.
  'no_entry',
  'several_entries',
  'entry_has_incoming',
  'dangling_edge',
  'cycle',
  'unreachable',
  'missing_edge',
  'extra_edge',
  'missing_branch',
  'unknown_branch',
  'duplicate_branch',
  // What nodes say.
  'wait_too_long',
  'wait_in_past',
  'quiet_hours',
  'template',
  'rule',
  'outcome_source',
  'percentages',
] as const;
export type FlowErrorCode = (typeof flowErrorCodes)[number];

/**
 * One thing wrong with a flow. `nodeId` is the node it concerns, or null when it concerns the whole
 * document (no entry, too many nodes) or a node without a usable id (then `path` still locates it).
 * `path` is dotted from the document's root (`nodes.3.content.body`, `edges.2.branch`).
 */
export interface FlowError {
  nodeId: string | null;
  /** Set when the error is about one edge: its index in `edges`. */
  edgeIndex?: number;
  /** Every node involved when there are several (the steps of a cycle, in order). */
  nodeIds?: string[];
  path: string;
  code: FlowErrorCode;
  message: string;
}

/** A flow error as the API answers it (for OpenAPI and the web app). */
export const flowErrorSchema = z.object({
  nodeId: z.string().nullable(),
  edgeIndex: z.number().int().optional(),
  nodeIds: z.array(z.string()).optional(),
  path: z.string(),
  code: z.enum(flowErrorCodes),
  message: z.string(),
});

/** More errors than this are not listed: a flow that broken is refused either way, and the answer stays small. */
export const maxReportedFlowErrors = 200;

/** The params a schema refinement carries so that its issue maps to `code` instead of 'schema'. */
export function flowCodeParams(code: FlowErrorCode): { flowCode: FlowErrorCode } {
  return { flowCode: code };
}

/** True for a string that is one of the flow error codes. */
export function isFlowErrorCode(value: unknown): value is FlowErrorCode {
  return typeof value === 'string' && (flowErrorCodes as readonly string[]).includes(value);
}

// Names echoed back in messages are cut short, so a megabyte of id is not a megabyte of answer.
/** `name` as a JSON string, cut to 64 characters: for quoting user-supplied names in messages. */
export function quoted(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}

/**
 * The error of a discriminated union: `notObject` when the input is not even an object (zod reports
 * that through the union's error map too, though its types do not say so), `badKind` when the
 * discriminator names no known kind.
 */
export function discriminatorError(notObject: string, badKind: string): (issue: { code: string }) => string {
  return (issue) => (issue.code === 'invalid_type' ? notObject : badKind);
}
