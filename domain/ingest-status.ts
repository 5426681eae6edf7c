import { z } from 'zod';

const fieldErrorSchema = z.object({ path: z.string(), message: z.string() });

/** A record that was refused, by its index in the request (or line in the file), with every field error. */
export const rejectedRecordSchema = z.object({ index: z.number().int(), errors: z.array(fieldErrorSchema) });

/** `202` answer to an ingestion request. */
export const ingestionAcceptedSchema = z.object({
  ingestionId: z.string(),
  accepted: z.number().int(),
  rejected: z.array(rejectedRecordSchema),
  /** Customers only: each accepted record's customer id (derived from its identity, so known at once). */
  customerIds: z.array(z.object({ index: z.number().int(), id: z.string() })).optional(),
});

/** `GET /api/ingestions/:id`: how far the consumers got. */
export const ingestionStatusSchema = z.object({
  ingestionId: z.string(),
  kind: z.enum(['customers', 'orders']),
  source: z.enum(['json', 'csv', 'ndjson']),
  received: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  persisted: z.number().int(),
  deadLettered: z.number().int(),
  /** Every accepted record is persisted or dead-lettered. */
  done: z.boolean(),
  /**
   * Customers (of all ingestions) whose aggregates are still being brought up to date. Records are
   * persisted when `done`; spend and order counts follow within moments, and are settled when this is 0.
   */
  customersAwaitingAggregates: z.number().int(),
  /** The first rejections (all of them for JSON requests up to 100). */
  rejections: z.array(rejectedRecordSchema),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type IngestionStatus = z.infer<typeof ingestionStatusSchema>;
