import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { uniqueKey, useTestRedis } from '../test/helpers/redis.js';
import { deadLetterStream, StreamConsumerRunner, type RunnerOptions, type StreamConsumer } from './consumer-runner.js';
import { appendToStream } from './entries.js';

const commands = useTestRedis();
const blocking = useTestRedis();

const entrySchema = z.object({ n: z.number().int() });
type Entry = z.infer<typeof entrySchema>;

function options(overrides: Partial<RunnerOptions> = {}): RunnerOptions {
  return { consumerName: 'test-consumer', batchSize: 100, blockMs: 50, claimIdleMs: 60_000, maxDeliveries: 3, logger: pino({ level: 'silent' }), ...overrides };
}

function recordingConsumer(stream: string, handle?: (batch: Array<{ id: string; value: Entry }>) => Promise<void>) {
  const batches: Entry[][] = [];
  const consumer: StreamConsumer<Entry> = {
    stream,
    group: 'test-group',
    schema: entrySchema,
    async handle(batch) {
      await handle?.(batch);
      batches.push(batch.map((item) => item.value));
    },
  };
  return { consumer, batches };
}

async function pendingCount(stream: string): Promise<number> {
  const summary = (await commands.xpending(stream, 'test-group')) as [number, ...unknown[]];
  return summary[0];
}

describe('StreamConsumerRunner on a real Redis', () => {
  it('round-trips entries through a consumer group in batches and acknowledges them', async () => {
    const stream = uniqueKey('roundtrip');
    const { consumer, batches } = recordingConsumer(stream);
    // Entries written before the group exists must still be consumed.
    await appendToStream(commands, stream, Array.from({ length: 250 }, (_, n) => ({ n })));
    const runner = new StreamConsumerRunner(consumer, { commands, blocking }, options());
    await runner.ensureGroup();

    let handled = 0;
    while (handled < 250) handled += await runner.pollOnce(false);

    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(batches.flat().map((entry) => entry.n)).toEqual(Array.from({ length: 250 }, (_, n) => n));
    expect(await pendingCount(stream)).toBe(0);
  });

  it('keeps a batch whose handler failed pending and delivers it again', async () => {
    const stream = uniqueKey('retry');
    let failNext = true;
    const { consumer, batches } = recordingConsumer(stream, () => {
      if (!failNext) return Promise.resolve();
      failNext = false;
      return Promise.reject(new Error('database briefly down'));
    });
    const runner = new StreamConsumerRunner(consumer, { commands, blocking }, options());
    await runner.ensureGroup();
    await appendToStream(commands, stream, [{ n: 1 }, { n: 2 }]);

    await expect(runner.pollOnce(false)).rejects.toThrow('database briefly down');
    expect(await pendingCount(stream)).toBe(2);
    expect(await runner.pollOnce(false)).toBe(2);
    expect(batches).toEqual([[{ n: 1 }, { n: 2 }]]);
    expect(await pendingCount(stream)).toBe(0);
  });

  it('rides out a database outage in place: no redelivery, so no entry is dead-lettered for it', async () => {
    const stream = uniqueKey('outage');
    let failures = 0;
    const { consumer, batches } = recordingConsumer(stream, () => {
      if (failures >= 5) return Promise.resolve();
      failures += 1;
      return Promise.reject(Object.assign(new Error('connection refused'), { name: 'MongoServerSelectionError' }));
    });
    // maxDeliveries 1: one redelivery would already dead-letter the entries.
    const runner = new StreamConsumerRunner(consumer, { commands, blocking }, options({ maxDeliveries: 1, outageRetryBaseMs: 10 }));
    await runner.ensureGroup();
    await appendToStream(commands, stream, [{ n: 1 }, { n: 2 }]);

    expect(await runner.pollOnce(false)).toBe(2);
    expect(failures).toBe(5);
    expect(batches).toEqual([[{ n: 1 }, { n: 2 }]]);
    expect(await commands.xlen(deadLetterStream(stream))).toBe(0);
    expect(await pendingCount(stream)).toBe(0);
  });

  it('dead-letters an invalid entry with the reason and still processes the valid ones', async () => {
    const stream = uniqueKey('poison');
    const { consumer, batches } = recordingConsumer(stream);
    const runner = new StreamConsumerRunner(consumer, { commands, blocking }, options());
    await runner.ensureGroup();
    await appendToStream(commands, stream, [{ n: 1 }, { n: 'not a number' }, { n: 3 }]);

    expect(await runner.pollOnce(false)).toBe(2);
    expect(batches).toEqual([[{ n: 1 }, { n: 3 }]]);
    const dead = await commands.xrange(deadLetterStream(stream), '-', '+');
    expect(dead).toHaveLength(1);
    const deadEntry = JSON.parse(dead[0]?.[1][1] ?? '{}') as { reason: string; data: string };
    expect(deadEntry.reason).toMatch(/^n: /);
    expect(JSON.parse(deadEntry.data)).toEqual({ n: 'not a number' });
    expect(await pendingCount(stream)).toBe(0);
  });

  it('dead-letters an entry that keeps failing after maxDeliveries instead of blocking the stream', async () => {
    const stream = uniqueKey('exhausted');
    const { consumer } = recordingConsumer(stream, () => Promise.reject(new Error('always fails')));
    const runner = new StreamConsumerRunner(consumer, { commands, blocking }, options({ maxDeliveries: 2 }));
    await runner.ensureGroup();
    await appendToStream(commands, stream, [{ n: 7 }]);

    for (let attempt = 0; attempt < 2; attempt += 1) await expect(runner.pollOnce(false)).rejects.toThrow('always fails');
    expect(await runner.pollOnce(false)).toBe(0);
    expect(await pendingCount(stream)).toBe(0);
    const dead = await commands.xrange(deadLetterStream(stream), '-', '+');
    expect(JSON.parse(dead[0]?.[1][1] ?? '{}')).toMatchObject({ reason: 'not processed after 2 deliveries' });
  });

  it('reclaims entries left pending by a consumer that died', async () => {
    const stream = uniqueKey('reclaim');
    const { consumer, batches } = recordingConsumer(stream);
    const survivor = new StreamConsumerRunner(consumer, { commands, blocking }, options({ consumerName: 'survivor', claimIdleMs: 20 }));
    await survivor.ensureGroup();
    await appendToStream(commands, stream, [{ n: 42 }]);
    // A consumer reads the entry and dies before acknowledging it.
    await commands.xreadgroup('GROUP', 'test-group', 'crashed', 'COUNT', 10, 'STREAMS', stream, '>');
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(await survivor.pollOnce(false)).toBe(1);
    expect(batches).toEqual([[{ n: 42 }]]);
    expect(await pendingCount(stream)).toBe(0);
  });

  it('runs in the background and stops within one block interval', async () => {
    const stream = uniqueKey('background');
    const { consumer, batches } = recordingConsumer(stream);
    const runner = new StreamConsumerRunner(consumer, { commands, blocking }, options());
    await runner.start();
    await appendToStream(commands, stream, [{ n: 1 }]);
    await expect.poll(() => batches.flat().length, { timeout: 5_000 }).toBe(1);
    const stopped = Date.now();
    await runner.stop();
    expect(Date.now() - stopped).toBeLessThan(1_000);
  });
});
