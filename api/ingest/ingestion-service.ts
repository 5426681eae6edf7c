import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Models } from '../../db/models.js';
import type { IngestionStatus } from '../../domain/ingest-status.js';
import { serviceUnavailable } from '../../http/errors/catalogue.js';
import { customersAwaitingAggregates } from '../../streams/ingest/aggregation-queue.js';
import { enqueueRecords, ingestStreams, type IngestChunk, type IngestKind } from '../../streams/ingest/ingest-streams.js';

/** Rejections kept on an ingestion for its status page. */
const keptRejections = 100;

export interface Rejection {
  index: number;
  errors: Array<{ path: string; message: string }>;
}

/** The identity of an order: its own id, else the request's Idempotency-Key and its index in the request. */
export function orderKeyOf(orderId: string | undefined, idempotencyKey: string | undefined, ingestionId: string, index: number): string {
  if (orderId) return `order:${orderId}`;
  // Hashed so a long or odd header cannot shape the key; without a header a retry cannot be recognised.
  const requestKey = idempotencyKey ? createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32) : ingestionId;
  return `request:${requestKey}:${index}`;
}

/** Records ingestions and puts their accepted records on the streams, refusing when the backlog is too long. */
/** Customers whose aggregates may lag before order ingestion pauses (a few minutes of aggregator work). */
const maxCustomersAwaitingAggregates = 250_000;

export function createIngestionService(deps: { models: Pick<Models, 'ingestions'>; redis: Redis; maxBacklog: number }) {
  async function assertRoomFor(kind: IngestKind): Promise<void> {
    // Entries are chunks of up to 500 records; the stream is trimmed only below what consumers acknowledged.
    const backlog = await deps.redis.xlen(ingestStreams[kind]);
    if (backlog >= deps.maxBacklog) {
      throw serviceUnavailable(`The ${kind} ingestion queue is full (${backlog} chunks waiting); retry shortly.`);
    }
    // Orders also feed the aggregator's queue, which must not grow without bound either.
    const awaiting = kind === 'orders' ? await customersAwaitingAggregates(deps.redis) : 0;
    if (awaiting >= maxCustomersAwaitingAggregates) {
      throw serviceUnavailable(`Customer aggregates are ${awaiting} customers behind; retry shortly.`);
    }
  }

  return {
    assertRoomFor,

    /** Records a JSON request's outcome and enqueues its accepted records; returns the ingestion id. */
    async ingestBatch(input: { kind: IngestKind; sentBy: string; received: number; accepted: IngestChunk['records']; rejected: Rejection[]; ingestionId?: string }): Promise<string> {
      await assertRoomFor(input.kind);
      const ingestionId = input.ingestionId ?? randomUUID();
      // The record exists before any chunk does, so the consumers always find it to count against.
      await deps.models.ingestions.create({
        _id: ingestionId,
        kind: input.kind,
        source: 'json',
        sentBy: input.sentBy,
        received: input.received,
        accepted: input.accepted.length,
        rejected: input.rejected.length,
        rejections: input.rejected.slice(0, keptRejections),
      });
      await enqueueRecords(deps.redis, input.kind, ingestionId, input.accepted);
      await deps.models.ingestions.updateOne({ _id: ingestionId }, { $set: { enqueued: true } });
      return ingestionId;
    },

    /** How far an ingestion got, or null. */
    async status(ingestionId: string): Promise<IngestionStatus | null> {
      const ingestion = await deps.models.ingestions.findById(ingestionId).lean();
      if (!ingestion) return null;
      return {
        ingestionId: ingestion._id,
        kind: ingestion.kind,
        source: ingestion.source,
        received: ingestion.received,
        accepted: ingestion.accepted,
        rejected: ingestion.rejected,
        persisted: ingestion.persisted,
        deadLettered: ingestion.deadLettered,
        done: ingestion.enqueued && ingestion.persisted + ingestion.deadLettered >= ingestion.accepted,
        customersAwaitingAggregates: await customersAwaitingAggregates(deps.redis),
        rejections: ingestion.rejections,
        createdAt: ingestion.createdAt.toISOString(),
        updatedAt: ingestion.updatedAt.toISOString(),
      };
    },
  };
}

export type IngestionService = ReturnType<typeof createIngestionService>;
