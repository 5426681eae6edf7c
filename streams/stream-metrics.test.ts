import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testServices } from '../test/helpers/services.js';
import { StreamConsumerRunner } from './consumer-runner.js';
import { appendToStream } from './entries.js';
import { storedKey } from './redis.js';
import { acknowledgeBatch } from './stream-counters.js';
import { createStreamMetrics, idTimestamp, type StreamMetrics } from './stream-metrics.js';

// A key prefix of the file's own, as an installation has: XINFO and XGROUP must be given stored keys.
const prefix = `test:${randomUUID().slice(0, 8)}:`;
const redis = new Redis(testServices().redisUrl, { keyPrefix: prefix, maxRetriesPerRequest: null });
const blocking = new Redis(testServices().redisUrl, { keyPrefix: prefix, maxRetriesPerRequest: null });
afterAll(() => {
  redis.disconnect();
  blocking.disconnect();
});

const group = 'metrics-group';
const freshStream = (): string => `metrics:${randomUUID()}`;

async function createGroup(stream: string, from: '0' | '$' = '$'): Promise<void> {
  await redis.xgroup('CREATE', storedKey(redis, stream), group, from, 'MKSTREAM');
}

async function metricsOf(stream: string, options: { now?: () => number; lagCountLimit?: number } = {}): Promise<StreamMetrics> {
  const [metrics] = await createStreamMetrics({ redis, streams: [stream], ...options }).collect();
  if (!metrics) throw new Error('no metrics for the stream');
  return metrics;
}

describe('stream metrics on a real Redis', () => {
  it('reports entries added while no consumer runs as length and lag, none pending', async () => {
    const stream = freshStream();
    await createGroup(stream);
    await appendToStream(redis, stream, [{ n: 1 }, { n: 2 }, { n: 3 }]);

    const metrics = await metricsOf(stream);
    expect(metrics).toMatchObject({ stream, length: 3, deadLetterLength: 0 });
    expect(metrics.groups).toEqual([
      { group, lag: 3, pending: 0, oldestPendingAgeSeconds: 0, processed: 0, deadLettered: 0, batchSecondsSum: 0, batchCount: 0 },
    ]);
  });

  it('counts delivered but unacknowledged entries as pending, aged by the oldest id', async () => {
    const stream = freshStream();
    await createGroup(stream);
    const [firstId = ''] = await appendToStream(redis, stream, [{ n: 1 }, { n: 2 }, { n: 3 }]);
    await redis.xreadgroup('GROUP', group, 'stalled', 'COUNT', 2, 'STREAMS', stream, '>');

    const metrics = await metricsOf(stream, { now: () => idTimestamp(firstId) + 5_000 });
    expect(metrics.groups[0]).toMatchObject({ lag: 1, pending: 2, oldestPendingAgeSeconds: 5 });
  });

  it('counts the lag itself when Redis cannot report it, after entries were deleted ahead of the group', async () => {
    const stream = freshStream();
    await createGroup(stream, '0');
    const ids = await appendToStream(redis, stream, [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    await redis.xreadgroup('GROUP', group, 'reader', 'COUNT', 1, 'STREAMS', stream, '>');
    await redis.xdel(stream, ids[1] ?? '');
    const reported = (await redis.xinfo('GROUPS', storedKey(redis, stream))) as unknown[][];
    // Redis 7 answers null here (older versions have no lag at all): the fallback is what is under test.
    expect(reported[0]?.[reported[0].indexOf('lag') + 1] ?? null).toBeNull();

    expect((await metricsOf(stream)).groups[0]).toMatchObject({ lag: 2, pending: 1 });
    expect((await metricsOf(stream, { lagCountLimit: 1 })).groups[0]?.lag).toBe(1);
  });

  it('reports a stream that does not exist yet as empty, with no groups', async () => {
    expect(await metricsOf(freshStream())).toMatchObject({ length: 0, deadLetterLength: 0, groups: [] });
  });

  it("reports what the runner processed and dead-lettered, and how long its batches took", async () => {
    const stream = freshStream();
    const runner = new StreamConsumerRunner(
      { stream, group, schema: z.object({ n: z.number() }), handle: () => Promise.resolve() },
      { commands: redis, blocking },
      { consumerName: 'metrics-consumer', batchSize: 100, blockMs: 50, claimIdleMs: 60_000, maxDeliveries: 3, trimIntervalMs: Number.POSITIVE_INFINITY, logger: pino({ level: 'silent' }) },
    );
    await runner.ensureGroup();
    await appendToStream(redis, stream, [{ n: 1 }, { n: 'not a number' }, { n: 3 }, { n: 4 }]);
    expect(await runner.pollOnce(false)).toBe(3);

    const metrics = await metricsOf(stream);
    expect(metrics).toMatchObject({ length: 4, deadLetterLength: 1 });
    expect(metrics.groups[0]).toMatchObject({ lag: 0, pending: 0, processed: 3, deadLettered: 1, batchCount: 1 });
    expect(metrics.groups[0]?.batchSecondsSum).toBeGreaterThan(0);
  });

  it('counts an entry acknowledged twice (reclaimed from a slow consumer) once', async () => {
    const stream = freshStream();
    await createGroup(stream);
    const ids = await appendToStream(redis, stream, [{ n: 1 }, { n: 2 }]);
    await redis.xreadgroup('GROUP', group, 'slow', 'COUNT', 2, 'STREAMS', stream, '>');
    const batch = { stream, group, processedIds: ids.slice(0, 1), deadLetteredIds: ids.slice(1), seconds: 0.01 };

    expect(await acknowledgeBatch(redis, batch)).toBe(2);
    expect(await acknowledgeBatch(redis, batch)).toBe(0);
    expect((await metricsOf(stream)).groups[0]).toMatchObject({ pending: 0, processed: 1, deadLettered: 1, batchCount: 2, batchSecondsSum: 0.02 });
  });
});
