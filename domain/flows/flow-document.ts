import { z } from 'zod';
import { segmentIdSchema } from '../customers.js';
import { nodeIdSchema } from '../delivery/delivery-ids.js';
import { maxTagLength } from '../ingest/fields.js';
import { messageContentInputSchema } from '../templates/message-content.js';
import { discriminatorError } from './flow-errors.js';
import { splitSpecSchema } from './flow-split.js';
import { quietHoursSchema, waitSpecSchema } from './flow-wait.js';
import { flowRuleSchema } from './rule-shape.js';

// A campaign's flow as the editor saves it, the AI proposes it and the workflow runs it: nodes and the
// edges between them, versioned so that a running campaign always knows how to read the document it was
// started with. These schemas check each node and edge on its own; what depends on the whole graph
// (one entry, no cycles, every branch connected) and on the installation (fields, attribute keys) is
// validateFlow's. Objects are strict: an unknown key is refused, never silently stored.

/** The version of the flow document this code reads and writes. */
export const flowSchemaVersion = 1;

/** Bounds that keep a flow reviewable on a canvas and its workflow's history small. */
export const flowLimits = {
  maxNodes: 100,
  /** No node has more than 5 outgoing edges (a random split), so 5 per node. */
  maxEdges: 500,
  maxLabelLength: 80,
} as const;

const nodeTypes = ['audience', 'message', 'wait', 'split', 'tag', 'exit'] as const;
export type FlowNodeType = (typeof nodeTypes)[number];
/** Every node type, in the order the editor's palette shows them. */
export const flowNodeTypes: readonly FlowNodeType[] = nodeTypes;

/** Where the editor drew a node; the engine ignores it. */
const positionSchema = z.strictObject({
  x: z.number({ error: 'expected a finite number' }),
  y: z.number({ error: 'expected a finite number' }),
});

const nodeBase = {
  id: nodeIdSchema,
  label: z
    .string({ error: 'expected a label' })
    .trim()
    .max(flowLimits.maxLabelLength, `a label has at most ${flowLimits.maxLabelLength} characters`)
    .optional(),
  position: positionSchema.optional(),
};

/** Who enters the campaign: the members of a saved segment, or of a rule written in the flow. */
export const audienceSourceSchema = z.discriminatedUnion(
  'kind',
  [z.strictObject({ kind: z.literal('segment'), segmentId: segmentIdSchema }), z.strictObject({ kind: z.literal('rule'), rule: flowRuleSchema })],
  { error: discriminatorError('expected {"kind": "segment", "segmentId"} or {"kind": "rule", "rule"}', 'expected "kind" to be "segment" or "rule"') },
);
export type AudienceSource = z.infer<typeof audienceSourceSchema>;

/** The flow's one entry: who enters it, taken once when the campaign starts. */
export const audienceNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('audience'), source: audienceSourceSchema });

/** Sends one message to every customer who reaches it. */
export const messageNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('message'), content: messageContentInputSchema });

/** Holds customers until the wait is over, then lets them go on (deferred past quiet hours, if any). */
export const waitNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('wait'), wait: waitSpecSchema, quietHours: quietHoursSchema.optional() });

/** Sends each customer down one of its branches. */
export const splitNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('split'), split: splitSpecSchema });

/** Adds a tag to, or removes it from, every customer who reaches it. */
export const tagNodeSchema = z.strictObject({
  ...nodeBase,
  type: z.literal('tag'),
  action: z.enum(['add', 'remove'], { error: 'expected "add" or "remove"' }),
  tag: z
    .string({ error: 'expected a tag' })
    .trim()
    .min(1, 'write the tag')
    .max(maxTagLength, `a tag has at most ${maxTagLength} characters`),
});

/** Where customers leave the flow. */
export const exitNodeSchema = z.strictObject({ ...nodeBase, type: z.literal('exit') });

/** Any node of a flow. */
export const flowNodeSchema = z.discriminatedUnion('type', [audienceNodeSchema, messageNodeSchema, waitNodeSchema, splitNodeSchema, tagNodeSchema, exitNodeSchema], {
  error: discriminatorError('expected a node: an object with an "id" and a "type"', `expected "type" to be one of: ${nodeTypes.join(', ')}`),
});
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type AudienceNode = z.infer<typeof audienceNodeSchema>;
export type MessageNode = z.infer<typeof messageNodeSchema>;
export type WaitNode = z.infer<typeof waitNodeSchema>;
export type SplitNode = z.infer<typeof splitNodeSchema>;
export type TagNode = z.infer<typeof tagNodeSchema>;
export type ExitNode = z.infer<typeof exitNodeSchema>;

/** A connection from one node to the next; a split's edges carry its branch labels, others none. */
export const flowEdgeSchema = z.strictObject({
  /** The editor's id for the edge; the engine does not use it. */
  id: z.string({ error: 'expected an edge id' }).trim().min(1, 'an edge id must not be empty').max(128, 'an edge id has at most 128 characters').optional(),
  from: nodeIdSchema,
  to: nodeIdSchema,
  branch: z.string({ error: 'expected a branch label' }).max(32, 'a branch label has at most 32 characters').optional(),
});
export type FlowEdge = z.infer<typeof flowEdgeSchema>;

/** A flow document's version, checked before anything else so a newer document is refused by name. */
export const flowSchemaVersionSchema = z.literal(flowSchemaVersion, {
  error: `expected "schemaVersion": ${flowSchemaVersion} (the flow document version this Drumbeat reads)`,
});

/**
 * A whole flow, each node and edge checked on its own. Graph rules and installation-specific checks
 * are validateFlow's: use it wherever a flow comes in (it also names each error's node).
 */
export const flowDocumentSchema = z.strictObject({
  schemaVersion: flowSchemaVersionSchema,
  nodes: z.array(flowNodeSchema, { error: 'expected a list of nodes' }).max(flowLimits.maxNodes, `a flow has at most ${flowLimits.maxNodes} nodes`),
  edges: z.array(flowEdgeSchema, { error: 'expected a list of edges' }).max(flowLimits.maxEdges, `a flow has at most ${flowLimits.maxEdges} edges`),
});
export type FlowDocument = z.infer<typeof flowDocumentSchema>;
/** A flow as written, before defaults are filled in (what the editor and the AI may send). */
export type FlowDocumentInput = z.input<typeof flowDocumentSchema>;

export { branchesOf, edgeBranch, fixedSplitBranches, plainBranch, splitBranchLabels } from './flow-branches.js';
export type { RandomBranch, SplitSpec } from './flow-split.js';
export type { QuietHours, WaitSpec } from './flow-wait.js';
