import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestStreams } from '../../streams/ingest/ingest-streams.js';
import { useTestApi } from '../../test/helpers/api.js';
import { TestBrowser } from '../../test/helpers/browser.js';
import { testServices } from '../../test/helpers/services.js';

// No consumers run here, so the backlog only grows.
const prefix = `test:${randomUUID().slice(0, 8)}:`;
const api = useTestApi({ REDIS_KEY_PREFIX: prefix, INGEST_MAX_BACKLOG: '3' });
const redis = new Redis(testServices().redisUrl, { keyPrefix: prefix });
afterAll(() => redis.disconnect());

let marketer: TestBrowser;
beforeAll(async () => {
  marketer = new TestBrowser(api().url);
  await marketer.devSignIn('admin@backpressure.test');
});

describe('backpressure', () => {
  it('answers 503 with Retry-After once a stream holds more chunks than its bound, instead of growing Redis', async () => {
    const statuses: number[] = [];
    for (let request = 0; request < 5; request += 1) {
      const response = await marketer.request('/api/customers', { json: { externalId: `bp-${request}` }, csrf: true });
      statuses.push(response.status);
      if (response.status === 503) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(await response.json()).toMatchObject({ code: 'service_unavailable' });
      }
    }
    expect(statuses).toEqual([202, 202, 202, 503, 503]);
    expect(await redis.xlen(ingestStreams.customers)).toBe(3);
  });

  it('recovers once the consumers have worked the backlog down', async () => {
    await redis.xtrim(ingestStreams.customers, 'MAXLEN', 0);
    const response = await marketer.request('/api/customers', { json: { externalId: 'bp-after' }, csrf: true });
    expect(response.status).toBe(202);
  });
});
