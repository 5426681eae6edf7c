import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Models } from '../../db/models.js';
import { formatFieldPath } from '../../domain/ingest/field-path.js';
import { enqueueRecords, ingestStreams, recordsPerChunk, type IngestChunk, type IngestKind } from '../../streams/ingest/ingest-streams.js';
import type { Rejection } from './ingestion-service.js';
import { readRecords, type ImportFormat } from './record-reader.js';

/** Rejections returned in the answer to an import; the status route keeps the first 100, counts keep all. */
const answeredRejections = 1_000;
const keptRejections = 100;
const backlogPollMs = 250;

export interface ImportRequest<Value> {
  kind: IngestKind;
  format: ImportFormat;
  body: AsyncIterable<Buffer | string>;
  schema: z.ZodType<Value>;
  sentBy: string;
  /** Orders: the identity key of a record (by its line). */
  keyOf?: (value: Value, line: number, ingestionId: string) => string;
}

export interface ImportOutcome {
  ingestionId: string;
  accepted: number;
  rejected: Rejection[];
  rejectedTotal: number;
}

/**
 * Streams an uploaded file into the ingestion pipeline: records are read one at a time, validated,
 * and enqueued in chunks as they come, so memory stays flat whatever the file's size. When the
 * stream's backlog is over its bound the import pauses reading (and so the upload) until the
 * consumers catch up, instead of growing Redis without limit.
 */
export function createImportService(deps: { models: Pick<Models, 'ingestions'>; redis: Redis; maxBacklog: number; pauseTimeoutMs?: number }) {
  async function waitForRoom(kind: IngestKind): Promise<void> {
    const deadline = Date.now() + (deps.pauseTimeoutMs ?? 120_000);
    while ((await deps.redis.xlen(ingestStreams[kind])) >= deps.maxBacklog) {
      if (Date.now() > deadline) throw new Error(`the ${kind} queue stayed full; the import stopped`);
      await sleep(backlogPollMs);
    }
  }

  return {
    async importFile<Value>(request: ImportRequest<Value>): Promise<ImportOutcome> {
      const ingestionId = randomUUID();
      await deps.models.ingestions.create({ _id: ingestionId, kind: request.kind, source: request.format, sentBy: request.sentBy });
      const rejected: Rejection[] = [];
      let rejectedTotal = 0;
      let accepted = 0;
      let chunk = 0;
      let pending: IngestChunk['records'] = [];
      let pendingRejections: Rejection[] = [];

      const flush = async (): Promise<void> => {
        if (pending.length > 0) {
          await waitForRoom(request.kind);
          await enqueueRecords(deps.redis, request.kind, ingestionId, pending, chunk);
          chunk += 1;
        }
        const room = Math.max(0, keptRejections - (rejectedTotal - pendingRejections.length));
        await deps.models.ingestions.updateOne(
          { _id: ingestionId },
          {
            $inc: { received: pending.length + pendingRejections.length, accepted: pending.length, rejected: pendingRejections.length },
            ...(room > 0 && pendingRejections.length > 0 ? { $push: { rejections: { $each: pendingRejections.slice(0, room) } } } : {}),
          },
        );
        pending = [];
        pendingRejections = [];
      };

      for await (const item of readRecords(request.body, request.format)) {
        if ('error' in item) {
          const rejection = { index: item.line, errors: [{ path: '', message: item.error }] };
          pendingRejections.push(rejection);
          rejectedTotal += 1;
          if (rejected.length < answeredRejections) rejected.push(rejection);
        } else {
          const parsed = request.schema.safeParse(item.record);
          if (parsed.success) {
            pending.push({ index: item.line, value: parsed.data, ...(request.keyOf ? { key: request.keyOf(parsed.data, item.line, ingestionId) } : {}) });
            accepted += 1;
          } else {
            const rejection = { index: item.line, errors: parsed.error.issues.map((issue) => ({ path: formatFieldPath(issue.path), message: issue.message })) };
            pendingRejections.push(rejection);
            rejectedTotal += 1;
            if (rejected.length < answeredRejections) rejected.push(rejection);
          }
        }
        if (pending.length >= recordsPerChunk) await flush();
      }
      await flush();
      await deps.models.ingestions.updateOne({ _id: ingestionId }, { $set: { enqueued: true } });
      return { ingestionId, accepted, rejected, rejectedTotal };
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
