import { describe, expect, it } from 'vitest';
import { appendToStream, decodeEntries } from './entries.js';
import { uniqueKey, useTestRedis } from '../test/helpers/redis.js';
import { acknowledgedBelow, trimAcknowledged } from './stream-trimming.js';

const redis = useTestRedis();

describe('trimming a stream below what every group acknowledged', () => {
  it('keeps the oldest pending entry and everything after it, and any entry a second group has not read', async () => {
    const stream = uniqueKey('trim');
    const ids = await appendToStream(redis, stream, Array.from({ length: 10 }, (_, n) => ({ n })));
    await redis.xgroup('CREATE', stream, 'fast', '0');
    await redis.xgroup('CREATE', stream, 'slow', '0');
    const read = (group: string, count: number) => redis.xreadgroup('GROUP', group, 'c', 'COUNT', count, 'STREAMS', stream, '>');
    await read('fast', 8);
    await redis.xack(stream, 'fast', ...ids.slice(0, 3), ...ids.slice(4, 8)); // ids[3] stays pending
    await read('slow', 6);
    await redis.xack(stream, 'slow', ...ids.slice(0, 6));

    expect(await acknowledgedBelow(redis, stream)).toBe(ids[3]);
    expect(await trimAcknowledged(redis, stream)).toBe(3);
    const left = decodeEntries(await redis.xrange(stream, '-', '+')).map((entry) => entry.id);
    expect(left).toEqual(ids.slice(3));
  });

  it('trims nothing while a group has read nothing yet', async () => {
    const stream = uniqueKey('trim-unread');
    await appendToStream(redis, stream, [{ n: 1 }, { n: 2 }]);
    await redis.xgroup('CREATE', stream, 'idle', '0');
    expect(await trimAcknowledged(redis, stream)).toBe(0);
    expect(await redis.xlen(stream)).toBe(2);
  });
});
