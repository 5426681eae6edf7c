import { z } from 'zod';
import { channelSchema } from './channels.js';

// The messaging vendor's wire API, shared by the simulated vendor (vendor/) and the client the
// activities use, so neither can drift from the other.

/** Most messages one `POST /v1/messages` may carry. */
export const maxMessagesPerRequest = 1_000;

/**
 * One message to send. Only the shape is checked here (a malformed entry fails the whole request
 * with 400); whether `to` and `body` are deliverable on the channel is judged per message, so one
 * bad address never sinks its 999 neighbours.
 */
export const vendorMessageSchema = z.object({
  /** The caller's idempotency key: a retried id is acknowledged again and never delivered twice. */
  messageId: z.string().min(1).max(128),
  channel: channelSchema,
  to: z.string().max(320),
  body: z.string(),
  subject: z.string().max(998).optional(),
});
export type VendorMessage = z.infer<typeof vendorMessageSchema>;

/** `POST /v1/messages`. */
export const vendorSendRequestSchema = z.object({
  messages: z.array(vendorMessageSchema).min(1).max(maxMessagesPerRequest),
});
export type VendorSendRequest = z.infer<typeof vendorSendRequestSchema>;

/** The vendor took the message (or had taken it before: `duplicate`); a delivery receipt follows once. */
export const vendorAcceptedSchema = z.object({
  messageId: z.string(),
  outcome: z.literal('accepted'),
  vendorMessageId: z.string(),
  duplicate: z.boolean(),
});

/** The vendor refused this message for good (undeliverable address, body too long); no receipt follows. */
export const vendorRejectedSchema = z.object({
  messageId: z.string(),
  outcome: z.literal('rejected'),
  reason: z.string(),
});

/** What became of one message of a send request. */
export const vendorSendResultSchema = z.discriminatedUnion('outcome', [vendorAcceptedSchema, vendorRejectedSchema]);
export type VendorSendResult = z.infer<typeof vendorSendResultSchema>;

/** The answer to `POST /v1/messages`: one result per message, in request order. */
export const vendorSendResponseSchema = z.object({ results: z.array(vendorSendResultSchema) });
export type VendorSendResponse = z.infer<typeof vendorSendResponseSchema>;

const count = z.number().int().min(0);

/** `GET /v1/stats`: what the vendor has seen and sent since it started (it keeps no state across restarts). */
export const vendorStatsSchema = z.object({
  uniqueMessages: count,
  duplicatesSeen: count,
  delivered: count,
  failed: count,
  rejected: count,
  receipts: z.object({
    /** Receipts the receipt URL accepted (duplicates and contradictions included). */
    sent: count,
    /** Receipts scheduled and not yet accepted. */
    pending: count,
    duplicatesSent: count,
    /** Out-of-order chaos: early FAILED receipts sent before a message's final DELIVERED. */
    contradictionsSent: count,
    batchesSent: count,
    failedAttempts: count,
  }),
});
export type VendorStats = z.infer<typeof vendorStatsSchema>;

const rate = z.number().min(0).max(1);

/** A window during which the vendor is down, relative to when it was set. */
export const vendorOutageSchema = z.object({
  startsInMs: z.number().int().min(0).max(86_400_000),
  durationMs: z.number().int().min(1).max(86_400_000),
});
export type VendorOutage = z.infer<typeof vendorOutageSchema>;

/** `GET /v1/chaos` and the answer to `PUT /v1/chaos`: the fault injection in force. */
export const vendorChaosSchema = z.object({
  /** Share of `POST /v1/messages` answered 503 with Retry-After, storing nothing. */
  transientErrorRate: rate,
  /** Added before every `POST /v1/messages` answer. */
  latencyMs: z.number().int().min(0).max(120_000),
  /** Share of messages whose final receipt is sent a second time, later. */
  duplicateReceiptRate: rate,
  /** Shuffle receipt batches, and send an early contradictory FAILED before some DELIVERED receipts. */
  outOfOrder: z.boolean(),
  /** Upcoming or current outage (answers 503, no receipts dispatched); null when none. */
  outage: vendorOutageSchema.nullable(),
});
export type VendorChaos = z.infer<typeof vendorChaosSchema>;

/** `PUT /v1/chaos`: any subset of the settings; the others keep their values. */
export const vendorChaosUpdateSchema = vendorChaosSchema.partial().strict();
export type VendorChaosUpdate = z.infer<typeof vendorChaosUpdateSchema>;
