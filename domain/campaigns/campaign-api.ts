import { z } from 'zod';
import { deliveryCountersSchema } from '../delivery/delivery-counters.js';
import { flowErrorCodes } from '../flows/flow-errors.js';
import { campaignStatusSchema } from './campaign-status.js';

// What the campaigns API accepts and answers: shared by the server (validation, OpenAPI) and the web
// app (forms, parsing answers). A campaign is a named flow with a lifecycle; see campaign-status.ts.

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'expected an id: 24 hexadecimal characters');
const isoDate = z.iso.datetime({ offset: true });

/** Bounds of what a marketer writes about a campaign. */
export const campaignLimits = {
  maxNameLength: 120,
  maxDescriptionLength: 2_000,
  maxTags: 20,
  maxTagLength: 40,
  maxGoalLength: 500,
  /** How far ahead a launch may be scheduled. */
  maxScheduleDays: 365,
} as const;

/**
 * A flow document as requests carry it. Any JSON at the boundary on purpose: validateFlow checks
 * the schema, the graph and what the nodes say in one pass, naming every error with its node id. The
 * OpenAPI document shows it as the `FlowDocument` component.
 */
export const flowInputSchema = z.unknown().meta({
  id: 'FlowDocument',
  description: 'A flow: { schemaVersion: 1, nodes: [...], edges: [...] }; see domain/flows/example-flows.ts',
});

const campaignName = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(campaignLimits.maxNameLength, `must be at most ${campaignLimits.maxNameLength} characters`);
const campaignDescription = z
  .string()
  .trim()
  .max(campaignLimits.maxDescriptionLength, `must be at most ${campaignLimits.maxDescriptionLength} characters`);
const campaignTag = z
  .string()
  .trim()
  .min(1, 'a tag must not be empty')
  .max(campaignLimits.maxTagLength, `a tag has at most ${campaignLimits.maxTagLength} characters`);
const campaignTags = z
  .array(campaignTag)
  .max(campaignLimits.maxTags, `at most ${campaignLimits.maxTags} tags`)
  .transform((tags) => [...new Set(tags)]);
const campaignGoal = z
  .string()
  .trim()
  .max(campaignLimits.maxGoalLength, `must be at most ${campaignLimits.maxGoalLength} characters`);

/** When to start: `at` (an ISO date-time with offset) in the future schedules it, absent or past starts it now. */
export const launchRequestSchema = z.strictObject({
  at: isoDate.optional().describe('Start at this time (ISO 8601 with offset); now when absent or past'),
});
export type LaunchRequest = z.infer<typeof launchRequestSchema>;

/** `POST /api/campaigns`: a new draft; with `launch`, saved and launched in one call. */
export const createCampaignSchema = z.strictObject({
  name: campaignName,
  description: campaignDescription.default(''),
  tags: campaignTags.default([]),
  goal: campaignGoal.nullable().default(null),
  flow: flowInputSchema,
  launch: launchRequestSchema.optional(),
});
export type CreateCampaign = z.infer<typeof createCampaignSchema>;

/** `PUT /api/campaigns/:id`: any of the fields; a flow replaces the draft (a launched version stays pinned). */
export const updateCampaignSchema = z
  .strictObject({
    name: campaignName.optional(),
    description: campaignDescription.optional(),
    tags: campaignTags.optional(),
    goal: campaignGoal.nullable().optional(),
    flow: flowInputSchema.optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), { message: 'set name, description, tags, goal or flow' });
export type UpdateCampaign = z.infer<typeof updateCampaignSchema>;

/** Most campaigns listed in one page. */
export const maxCampaignPage = 100;

/** `GET /api/campaigns` query. Unknown parameters are refused. */
export const campaignListQuerySchema = z.strictObject({
  status: campaignStatusSchema.optional().describe('Only campaigns in this status'),
  tag: campaignTag.optional().describe('Only campaigns with this tag'),
  limit: z.coerce
    .number({ error: `expected a whole number from 1 to ${maxCampaignPage}` })
    .int(`expected a whole number from 1 to ${maxCampaignPage}`)
    .min(1, `expected a whole number from 1 to ${maxCampaignPage}`)
    .max(maxCampaignPage, `expected a whole number from 1 to ${maxCampaignPage}`)
    .default(20)
    .describe(`Page size, 1..${maxCampaignPage}`),
  cursor: z.string().min(1).max(512).optional().describe("The previous page's nextCursor; opaque"),
});
export type CampaignListQuery = z.infer<typeof campaignListQuerySchema>;

/** The counters a list shows per campaign. */
export const campaignListCountersSchema = deliveryCountersSchema.pick({ audience: true, pending: true, sent: true, delivered: true, failed: true, skipped: true });

/** A campaign in the history list. */
export const campaignListItemSchema = z.object({
  id: objectId,
  name: z.string(),
  tags: z.array(z.string()),
  status: campaignStatusSchema,
  /** The pinned version the workflow runs; null before the first launch. */
  version: z.number().int().nullable(),
  createdAt: isoDate,
  /** When the running version was launched. */
  launchedAt: isoDate.nullable(),
  /** When it was set to start. */
  scheduledAt: isoDate.nullable(),
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
  counters: campaignListCountersSchema,
});
export type CampaignListItem = z.infer<typeof campaignListItemSchema>;

/** `GET /api/campaigns`: newest first; pass `nextCursor` as `cursor` for the next page. */
export const campaignPageSchema = z.object({
  campaigns: z.array(campaignListItemSchema).max(maxCampaignPage),
  nextCursor: z.string().nullable(),
});
export type CampaignPage = z.infer<typeof campaignPageSchema>;

/** How many members reached a node and how many it has finished with (the workflow's own count). */
export const nodeProgressSchema = z.object({ arrived: z.number().int(), done: z.number().int() });

/** The running workflow's answer to its `progress` query. */
export const campaignProgressSchema = z.object({
  campaignId: z.string(),
  version: z.number().int(),
  status: campaignStatusSchema,
  paused: z.boolean(),
  queuedChunks: z.number().int(),
  waitingChunks: z.number().int(),
  inFlightChunks: z.number().int(),
  nodes: z.record(z.string(), nodeProgressSchema),
  runs: z.number().int(),
  historyLength: z.number().int(),
});
export type CampaignProgressView = z.infer<typeof campaignProgressSchema>;

/** One node of the running (or, before a launch, the drafted) flow with what happened there. */
export const campaignNodeViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  label: z.string().nullable(),
  /** Message counters of this node; null for nodes that send nothing or before any message. */
  counters: deliveryCountersSchema.nullable(),
  /** Members arrived and done, from the workflow's progress query; null when it did not answer. */
  progress: nodeProgressSchema.nullable(),
});
export type CampaignNodeView = z.infer<typeof campaignNodeViewSchema>;

const conversionTally = { orders: z.number().int(), customers: z.number().int(), revenue: z.number() };

/** A campaign's conversions in total and per message node. */
export const campaignConversionsSchema = z.object({
  windowSeconds: z.number().int(),
  ...conversionTally,
  nodes: z.record(z.string(), z.object(conversionTally)),
});
export type CampaignConversionsView = z.infer<typeof campaignConversionsSchema>;

const actorSchema = z.object({ type: z.string(), id: z.string().nullable(), label: z.string() });

/** A campaign with everything the detail page shows. */
export const campaignDetailSchema = campaignListItemSchema.extend({
  description: z.string(),
  goal: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdBy: actorSchema.nullable(),
  updatedAt: isoDate,
  /** The flow being edited; it becomes the next version only at a launch. */
  draft: flowInputSchema,
  draftUpdatedAt: isoDate,
  /** The pinned flow the workflow runs (version `version`); null before the first launch. */
  launchedFlow: flowInputSchema.nullable(),
  /** Versions pinned so far. */
  versionCount: z.number().int(),
  /** True when the draft was edited after the launch: the run keeps its pinned version, the edits are not running. */
  draftDiffersFromLaunched: z.boolean(),
  /** Orders placed within `windowSeconds` of a campaign message, attributed to the last message before each (cancelled and refunded left out). */
  conversions: campaignConversionsSchema,
  /** Message counters in total (per node under `nodes`), summed over the campaign's shards. */
  counters: deliveryCountersSchema,
  countersUpdatedAt: isoDate.nullable(),
  nodes: z.array(campaignNodeViewSchema),
  /** The workflow's progress query answer; null when it is not running or did not answer in time. */
  progress: campaignProgressSchema.nullable(),
  workflowId: z.string().nullable(),
  /** The workflow in the Temporal Web UI; null before a launch or without TEMPORAL_UI_URL. */
  temporalUiUrl: z.string().nullable(),
});
export type CampaignDetail = z.infer<typeof campaignDetailSchema>;

/** Every code a campaign's flow error may carry: the flow validator's, and a saved segment that does not exist. */
export const campaignFlowErrorCodes = [...flowErrorCodes, 'segment_not_found'] as const;

/** One entry of a 400 (or 409) for a flow: `path` from the request's root (`flow.nodes.3.content.body`) and the node it concerns. */
export const campaignFlowErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  nodeId: z.string().nullable(),
  code: z.enum(campaignFlowErrorCodes),
  edgeIndex: z.number().int().optional(),
  nodeIds: z.array(z.string()).optional(),
});
export type CampaignFlowError = z.infer<typeof campaignFlowErrorSchema>;
