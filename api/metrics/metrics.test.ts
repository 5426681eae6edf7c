import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestionAcceptedSchema } from '../../domain/ingest-status.js';
import { appendToStream } from '../../streams/entries.js';
import { ingestStreams } from '../../streams/ingest/ingest-streams.js';
import { storedKey } from '../../streams/redis.js';
import { useIngestion } from '../../test/helpers/ingestion.js';
import { TestBrowser } from '../../test/helpers/browser.js';
import { testServices } from '../../test/helpers/services.js';
import { expositionContentType } from './exposition.js';
import { createMetricsExporter } from './routes.js';

const ingestion = useIngestion();
let prefixed: Redis | undefined;
afterAll(() => prefixed?.disconnect());

/** The installation's own connection: the harness's key prefix, as the API and the consumers use. */
function installationRedis(): Redis {
  prefixed ??= new Redis(testServices().redisUrl, { keyPrefix: ingestion().redisKeyPrefix, maxRetriesPerRequest: null });
  return prefixed;
}

/** Series → value of an exposition; comment lines skipped. */
function samplesOf(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    samples.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return samples;
}

async function scrape(browser: TestBrowser): Promise<Map<string, number>> {
  const response = await browser.request('/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe(expositionContentType);
  return samplesOf(await response.text());
}

const customersGroup = '{stream="ingest:customers",group="drumbeat-ingest-customers"}';

describe('GET /metrics with the real API and consumers', () => {
  it('reports the customers the consumers processed, with nothing left pending or undelivered', async () => {
    const response = await ingestion().marketer.request('/api/customers', {
      json: [
        { name: 'Metric One', email: 'metric.one@example.com' },
        { name: 'Metric Two', email: 'metric.two@example.com' },
      ],
      csrf: true,
    });
    expect(response.status).toBe(202);
    await ingestion().waitUntilDone(ingestionAcceptedSchema.parse(await response.json()).ingestionId);

    // The ingestion counts as done once persisted; the acknowledgement (and its counters) follows.
    await expect.poll(async () => (await scrape(ingestion().marketer)).get(`drumbeat_stream_group_pending${customersGroup}`)).toBe(0);
    const samples = await scrape(ingestion().marketer);
    expect(samples.get(`drumbeat_stream_entries_processed_total${customersGroup}`)).toBeGreaterThan(0);
    expect(samples.get(`drumbeat_stream_entries_dead_lettered_total${customersGroup}`)).toBe(0);
    expect(samples.get(`drumbeat_stream_group_lag${customersGroup}`)).toBe(0);
    expect(samples.get(`drumbeat_stream_oldest_pending_age_seconds${customersGroup}`)).toBe(0);
    expect(samples.get(`drumbeat_stream_batch_seconds_count${customersGroup}`)).toBeGreaterThan(0);
    expect(samples.get('drumbeat_stream_length{stream="ingest:customers"}')).toBeGreaterThan(0);
    expect(samples.get('drumbeat_stream_dead_letter_length{stream="ingest:customers"}')).toBe(0);
    expect(samples.get('drumbeat_customers_awaiting_aggregates')).toBe(0);
    expect(samples.get('drumbeat_receipts_unknown_total')).toBe(0);
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.get('nodejs_heap_used_bytes')).toBeGreaterThan(0);
    expect(samples.get('process_uptime_seconds')).toBeGreaterThan(0);
  });

  it('refuses a scraper without a session or an API key with 401', async () => {
    const response = await new TestBrowser(ingestion().api.url).request('/metrics');
    expect(response.status).toBe(401);
  });

  it('reports entries added while no consumer runs as length and lag, none pending', async () => {
    const redis = installationRedis();
    const stream = `metrics-test:${randomUUID()}`;
    await redis.xgroup('CREATE', storedKey(redis, stream), 'idle-group', '$', 'MKSTREAM');
    await appendToStream(redis, stream, [{ n: 1 }, { n: 2 }, { n: 3 }]);

    const samples = samplesOf(await createMetricsExporter({ redis, streams: [stream, ingestStreams.customers] }).render());
    const labels = `{stream="${stream}",group="idle-group"}`;
    expect(samples.get(`drumbeat_stream_length{stream="${stream}"}`)).toBe(3);
    expect(samples.get(`drumbeat_stream_group_lag${labels}`)).toBe(3);
    expect(samples.get(`drumbeat_stream_group_pending${labels}`)).toBe(0);
    expect(samples.get(`drumbeat_stream_entries_processed_total${labels}`)).toBe(0);
    // The running consumers' group is reported alongside, caught up.
    expect(samples.get(`drumbeat_stream_group_lag${customersGroup}`)).toBe(0);
  });
});
