import type { ChainableCommander, Redis } from 'ioredis';
import { z } from 'zod';
import { receiptsStream } from '../domain/receipts.js';
import { deadLetterStream } from './consumer-runner.js';
import { diagnosticsStream } from './diagnostics-consumer.js';
import { ingestStreams } from './ingest/ingest-streams.js';
import { storedKey } from './redis.js';
import { groupCounterFields, parseGroupCounters, streamCountersKey, type GroupCounters } from './stream-counters.js';

/** The streams this installation writes: the consumed ones, and receipts (queued by the API). */
export const knownStreams: readonly string[] = [diagnosticsStream, ingestStreams.customers, ingestStreams.orders, receiptsStream];

/** One consumer group's backlog and throughput. */
export interface GroupMetrics extends GroupCounters {
  group: string;
  /** Entries not yet delivered to the group. */
  lag: number;
  /** Entries delivered but not yet acknowledged. */
  pending: number;
  /** Age of the oldest pending entry, by the timestamp in its id; 0 when none is pending. */
  oldestPendingAgeSeconds: number;
}

/** One stream's length, dead letters and consumer groups. */
export interface StreamMetrics {
  stream: string;
  length: number;
  deadLetterLength: number;
  groups: GroupMetrics[];
}

export interface StreamMetricsDeps {
  /** A command connection; its key prefix, if any, is the installation's. */
  redis: Redis;
  streams?: readonly string[];
  now?: () => number;
  /** When Redis cannot report a group's lag, at most this many entries are counted instead. */
  lagCountLimit?: number;
}

// XINFO GROUPS, one group's fields; `lag` is missing before Redis 7 and null when Redis cannot tell.
const groupInfoSchema = z.object({
  name: z.string(),
  'last-delivered-id': z.string(),
  lag: z.number().nullable().optional(),
});
type GroupInfo = z.infer<typeof groupInfoSchema>;

// XPENDING summary: [count, smallest id, largest id, consumers]; the ids are null when nothing is pending.
const pendingSummarySchema = z.tuple([z.number(), z.string().nullable()]).rest(z.unknown());

// Counts ids after a position without sending the entries over the network; bounded by ARGV[2].
const countAfterScript = `
local cursor, limit, counted = '(' .. ARGV[1], tonumber(ARGV[2]), 0
while counted < limit do
  local want = math.min(100, limit - counted)
  local page = redis.call('XRANGE', KEYS[1], cursor, '+', 'COUNT', want)
  counted = counted + #page
  if #page < want then break end
  cursor = '(' .. page[#page][1]
end
return counted
`;

/**
 * Reads the backlog and throughput of each stream and its consumer groups, in two pipelined round
 * trips whatever the number of streams (a third only when Redis cannot report a lag).
 */
export function createStreamMetrics(deps: StreamMetricsDeps): { collect(): Promise<StreamMetrics[]> } {
  const streams = [...new Set(deps.streams ?? knownStreams)];
  const now = deps.now ?? Date.now;
  const lagCountLimit = deps.lagCountLimit ?? 10_000;
  const { redis } = deps;

  async function lagOf(stream: string, length: number, info: GroupInfo): Promise<number> {
    if (typeof info.lag === 'number') return info.lag;
    // Nothing delivered yet: every entry still in the stream is waiting.
    if (info['last-delivered-id'] === '0-0') return length;
    return Number(await redis.eval(countAfterScript, 1, stream, info['last-delivered-id'], lagCountLimit));
  }

  return {
    async collect() {
      const first = redis.pipeline();
      for (const stream of streams) {
        // XINFO's key is not prefixed by ioredis (see storedKey); XLEN's is.
        first.xlen(stream).xlen(deadLetterStream(stream)).xinfo('GROUPS', storedKey(redis, stream));
      }
      const firstReplies = await execute(first, { tolerate: /no such key/i });
      const shapes = streams.map((stream, index) => ({
        stream,
        length: Number(firstReplies[index * 3]),
        deadLetterLength: Number(firstReplies[index * 3 + 1]),
        groups: parseGroups(firstReplies[index * 3 + 2]),
      }));

      const second = redis.pipeline();
      for (const { stream, groups } of shapes) {
        for (const group of groups) second.xpending(stream, group.name).hmget(streamCountersKey(stream), ...groupCounterFields(group.name));
      }
      const secondReplies = await execute(second);
      const collectedAt = now();
      const collected: StreamMetrics[] = [];
      let reply = 0;
      for (const { stream, length, deadLetterLength, groups } of shapes) {
        const groupMetrics: GroupMetrics[] = [];
        for (const info of groups) {
          const [pending, oldestPendingId] = pendingSummarySchema.parse(secondReplies[reply]);
          const counters = parseGroupCounters(secondReplies[reply + 1] as Array<string | null>);
          reply += 2;
          groupMetrics.push({
            group: info.name,
            lag: await lagOf(stream, length, info),
            pending,
            oldestPendingAgeSeconds: oldestPendingId ? Math.max(0, (collectedAt - idTimestamp(oldestPendingId)) / 1_000) : 0,
            ...counters,
          });
        }
        collected.push({ stream, length, deadLetterLength, groups: groupMetrics });
      }
      return collected;
    },
  };
}

/** The replies of a pipeline, throwing its first error unless `tolerate` matches it (the reply is then null). */
async function execute(pipeline: ChainableCommander, options: { tolerate?: RegExp } = {}): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, value]) => {
    if (!error) return value;
    if (options.tolerate?.test(error.message)) return null;
    throw error;
  });
}

// A missing stream has no groups (XINFO answers "no such key", tolerated as null above).
function parseGroups(reply: unknown): GroupInfo[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((fields: unknown) => groupInfoSchema.parse(pairsToObject(fields)));
}

function pairsToObject(fields: unknown): Record<string, unknown> {
  const list = Array.isArray(fields) ? (fields as unknown[]) : [];
  const object: Record<string, unknown> = {};
  for (let index = 0; index + 1 < list.length; index += 2) object[String(list[index])] = list[index + 1];
  return object;
}

/** The milliseconds since the epoch in an auto-generated stream id (`<ms>-<seq>`). */
export function idTimestamp(id: string): number {
  const [milliseconds = ''] = id.split('-');
  return Number(milliseconds);
}
