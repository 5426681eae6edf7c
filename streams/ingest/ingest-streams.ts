import type { Redis } from 'ioredis';
import { z } from 'zod';
import { appendToStream } from '../entries.js';

/** The streams ingested records travel on, one per kind. */
export const ingestStreams = { customers: 'ingest:customers', orders: 'ingest:orders' } as const;
export type IngestKind = keyof typeof ingestStreams;

/**
 * Records per stream entry. Chunks keep the stream small (10,000 records are 20 entries, not 10,000)
 * while a failing record is still handled on its own inside its chunk.
 */
export const recordsPerChunk = 500;

/** One stream entry: a chunk of validated records of one ingestion. */
export const ingestChunkSchema = z.object({
  ingestionId: z.string().min(1).max(64),
  /** Position of the chunk within its ingestion; the consumers count each chunk once. */
  chunk: z.number().int().min(0),
  records: z
    .array(
      z.object({
        /** The record's index in the request or line in the file, for error reports. */
        index: z.number().int().min(0),
        /** Orders: their identity key, fixed at the API (it may depend on the Idempotency-Key header). */
        key: z.string().max(400).optional(),
        value: z.unknown(),
      }),
    )
    .min(1)
    .max(recordsPerChunk),
});
export type IngestChunk = z.infer<typeof ingestChunkSchema>;

/** Puts records on their stream as chunks numbered from `firstChunk`, in one pipeline; returns how many chunks. */
export async function enqueueRecords(
  redis: Redis,
  kind: IngestKind,
  ingestionId: string,
  records: IngestChunk['records'],
  firstChunk = 0,
): Promise<number> {
  const chunks: IngestChunk[] = [];
  for (let start = 0; start < records.length; start += recordsPerChunk) {
    chunks.push({ ingestionId, chunk: firstChunk + chunks.length, records: records.slice(start, start + recordsPerChunk) });
  }
  await appendToStream(redis, ingestStreams[kind], chunks);
  return chunks.length;
}
