import { z } from 'zod';
import { channelSchema } from '../channels.js';
import { deliveryCountersSchema } from './delivery-counters.js';
import { campaignIdSchema } from './delivery-ids.js';
import { messageStatusSchema } from './message-status.js';

// What the API answers about a campaign's messages and counters: shared by the server (validation,
// OpenAPI) and the web app.

const isoDate = z.iso.datetime({ offset: true });

/** One communication-log entry as the API shows it. */
export const messageViewSchema = z.object({
  messageId: z.string(),
  campaignId: z.string(),
  nodeId: z.string(),
  customerId: z.string(),
  channel: channelSchema,
  to: z.string().nullable(),
  subject: z.string().nullable(),
  body: z.string(),
  status: messageStatusSchema,
  skipReason: z.string().nullable(),
  failureReason: z.string().nullable(),
  vendorMessageId: z.string().nullable(),
  queuedAt: isoDate,
  sentAt: isoDate.nullable(),
  deliveredAt: isoDate.nullable(),
  failedAt: isoDate.nullable(),
  updatedAt: isoDate,
});
export type MessageView = z.infer<typeof messageViewSchema>;

/** `GET /api/campaigns/:id/messages` path. */
export const campaignParamsSchema = z.object({ id: campaignIdSchema.describe('Campaign id') });

/** `GET /api/campaigns/:id/messages` query. Unknown parameters are refused. */
export const messageListQuerySchema = z.strictObject({
  status: messageStatusSchema.optional().describe('Only messages in this status'),
  nodeId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected a node id').optional().describe('Only messages of this message node'),
  limit: z.coerce
    .number({ error: 'expected a whole number from 1 to 200' })
    .int('expected a whole number from 1 to 200')
    .min(1, 'expected a whole number from 1 to 200')
    .max(200, 'expected a whole number from 1 to 200')
    .default(50)
    .describe('Page size, 1..200'),
  cursor: z.string().min(1).max(512).optional().describe("The previous page's nextCursor; opaque"),
});
export type MessageListQuery = z.infer<typeof messageListQuerySchema>;

/** A page of a campaign's messages in message-id order; pass `nextCursor` as `cursor` for the next one. */
export const messagePageSchema = z.object({
  messages: z.array(messageViewSchema),
  nextCursor: z.string().nullable(),
});
export type MessagePage = z.infer<typeof messagePageSchema>;

/** `GET /api/campaigns/:id/delivery`: the campaign's counters, in total and per message node. */
export const campaignDeliverySchema = z.object({
  campaignId: z.string(),
  totals: deliveryCountersSchema,
  nodes: z.record(z.string(), deliveryCountersSchema),
  /** Delivered / (delivered + failed), or null before any outcome. */
  deliveryRate: z.number().nullable(),
  updatedAt: isoDate.nullable(),
});
export type CampaignDelivery = z.infer<typeof campaignDeliverySchema>;
