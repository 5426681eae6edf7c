import type { Redis } from 'ioredis';

/** A consumer group's throughput since its counters began: what `/metrics` reports as counters. */
export interface GroupCounters {
  processed: number;
  deadLettered: number;
  batchSecondsSum: number;
  batchCount: number;
}

/** A batch the runner has handled: its entries split by outcome, and how long it took. */
export interface HandledBatch {
  stream: string;
  group: string;
  processedIds: string[];
  deadLetteredIds: string[];
  seconds: number;
}

/** The hash holding a stream's counters; each consumer group has its own fields in it. */
export function streamCountersKey(stream: string): string {
  return `metrics:stream:${stream}`;
}

// Field suffixes contain no ':', so a group name (which may) is always everything before the last one.
const counterSuffixes = ['processed', 'dead_lettered', 'batch_us', 'batches'] as const;

/** The counter fields of a group, in the order `parseGroupCounters` expects their values. */
export function groupCounterFields(group: string): string[] {
  return counterSuffixes.map((suffix) => `${group}:${suffix}`);
}

/** A group's counters from the HMGET of `groupCounterFields`; missing fields are zero. */
export function parseGroupCounters(values: ReadonlyArray<string | null | undefined>): GroupCounters {
  const count = (index: number): number => Number(values[index] ?? 0) || 0;
  return { processed: count(0), deadLettered: count(1), batchSecondsSum: count(2) / 1_000_000, batchCount: count(3) };
}

// XACK and the counters in one script: one round trip per batch, as the bare XACK was, and only entries
// this call really acknowledged are counted, so an entry handled twice (reclaimed from a slow consumer)
// counts once. Durations are integer microseconds, so the sum never drifts. unpack() is sliced because
// Lua's stack limits how many arguments one call may take.
const acknowledgeScript = `
local group, processedCount = ARGV[1], tonumber(ARGV[2])
local function ack(first, last)
  local acked = 0
  for i = first, last, 1000 do
    acked = acked + redis.call('XACK', KEYS[1], group, unpack(ARGV, i, math.min(i + 999, last)))
  end
  return acked
end
local processed = ack(4, 3 + processedCount)
local deadLettered = ack(4 + processedCount, #ARGV)
redis.call('HINCRBY', KEYS[2], group .. ':processed', processed)
redis.call('HINCRBY', KEYS[2], group .. ':dead_lettered', deadLettered)
redis.call('HINCRBY', KEYS[2], group .. ':batch_us', ARGV[3])
redis.call('HINCRBY', KEYS[2], group .. ':batches', 1)
return processed + deadLettered
`;

/**
 * Acknowledges a handled batch and adds it to its group's counters, atomically and in one round trip;
 * returns how many entries were acknowledged.
 */
export async function acknowledgeBatch(redis: Redis, batch: HandledBatch): Promise<number> {
  const microseconds = Math.max(0, Math.round(batch.seconds * 1_000_000));
  const acknowledged = await redis.eval(
    acknowledgeScript,
    2,
    batch.stream,
    streamCountersKey(batch.stream),
    batch.group,
    batch.processedIds.length,
    microseconds,
    ...batch.processedIds,
    ...batch.deadLetteredIds,
  );
  return Number(acknowledged);
}
