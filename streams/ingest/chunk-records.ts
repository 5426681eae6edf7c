import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { appendToStream } from '../entries.js';
import { deadLetterStream } from '../consumer-runner.js';
import type { IngestChunk } from './ingest-streams.js';

/** A record of a chunk that passed validation again at the consumer. */
export interface ChunkRecord<Value> {
  ingestionId: string;
  chunk: number;
  index: number;
  key: string | undefined;
  value: Value;
}

/** A record that cannot be persisted, and why. */
export interface DeadRecord {
  ingestionId: string;
  chunk: number;
  index: number;
  reason: string;
  value: unknown;
}

/**
 * Unpacks a batch of chunks and validates every record again with the schema the API used: entries
 * are only as trustworthy as whoever could write to Redis, and the schema may have changed between
 * enqueue and now. Records that fail are returned separately so their chunk-mates still persist.
 */
export function unpackChunks<Value>(chunks: IngestChunk[], schema: z.ZodType<Value>): { records: Array<ChunkRecord<Value>>; dead: DeadRecord[] } {
  const records: Array<ChunkRecord<Value>> = [];
  const dead: DeadRecord[] = [];
  for (const { ingestionId, chunk, records: raw } of chunks) {
    for (const { index, key, value } of raw) {
      const parsed = schema.safeParse(value);
      if (parsed.success) records.push({ ingestionId, chunk, index, key, value: parsed.data });
      else {
        const reason = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`).join('; ');
        dead.push({ ingestionId, chunk, index, reason, value });
      }
    }
  }
  return { records, dead };
}

/** Appends records that cannot be persisted to the stream's dead-letter stream, with their reasons. */
export async function deadLetterRecords(redis: Redis, stream: string, dead: DeadRecord[]): Promise<void> {
  if (dead.length > 0) await appendToStream(redis, deadLetterStream(stream), dead);
}

/** Per chunk: how many of its records persisted and how many were dead-lettered. */
export function chunkOutcomes(chunks: IngestChunk[], dead: DeadRecord[]): Array<{ ingestionId: string; chunk: number; persisted: number; deadLettered: number }> {
  const deadByChunk = new Map<string, number>();
  for (const record of dead) {
    const id = `${record.ingestionId}\u0000${record.chunk}`;
    deadByChunk.set(id, (deadByChunk.get(id) ?? 0) + 1);
  }
  return chunks.map(({ ingestionId, chunk, records }) => {
    const deadLettered = deadByChunk.get(`${ingestionId}\u0000${chunk}`) ?? 0;
    return { ingestionId, chunk, persisted: records.length - deadLettered, deadLettered };
  });
}
