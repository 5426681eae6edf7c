import type { Redis } from 'ioredis';

/** One stream entry as read: its id and the JSON payload it carries in its `data` field. */
export interface RawStreamEntry {
  id: string;
  data: string | undefined;
}

// XREADGROUP / XAUTOCLAIM entries arrive as [id, [field, value, field, value, ...]].
type WireEntry = [string, string[]];

/** Decodes the wire form of stream entries; deleted entries (null fields) come back without data. */
export function decodeEntries(wire: unknown): RawStreamEntry[] {
  if (!Array.isArray(wire)) return [];
  return (wire as Array<WireEntry | null>).flatMap((entry) => {
    if (!entry) return [];
    const [id, fields] = entry;
    const index = fields ? fields.indexOf('data') : -1;
    return [{ id, data: index >= 0 ? fields[index + 1] : undefined }];
  });
}

/**
 * Appends payloads to a stream as JSON in one round trip (a pipeline, not one call per entry);
 * returns the new entry ids in order.
 */
export async function appendToStream(redis: Redis, stream: string, payloads: unknown[]): Promise<string[]> {
  if (payloads.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const payload of payloads) pipeline.xadd(stream, '*', 'data', JSON.stringify(payload));
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, id]) => {
    if (error) throw error;
    return String(id);
  });
}
