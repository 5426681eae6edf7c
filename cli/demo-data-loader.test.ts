import { describe, expect, it } from 'vitest';
import { useIngestion } from '../test/helpers/ingestion.js';
import { loadDemoData, type DemoLoad, type DemoLoaderDeps } from './demo-data-loader.js';
import { retryDelayMs } from './ingest-client.js';

const ingestion = useIngestion();

// Small on purpose: FerretDB 1.24 (the embedded test database) deadlocks on one update command with 100
// or more statements matching existing documents, and the consumers send up to a batch's worth in one.
// Under 100 of each, loading twice never gets there; raise these once the consumers split their writes.
const demo: DemoLoad = { seed: 7, customers: 80, orders: 95, now: new Date('2026-01-15T12:00:00Z') };

function depsFor(overrides: Partial<DemoLoaderDeps> = {}): DemoLoaderDeps {
  const { api, database } = ingestion();
  // Small batches so a small data set still takes several requests, two at a time.
  return { apiUrl: api.url, models: database.models, batchSize: 20, inFlight: 2, pollIntervalMs: 50, stallTimeoutMs: 30_000, ...overrides };
}

async function seedKeys(): Promise<Array<{ revokedAt: Date | null; scopes: string[] }>> {
  return ingestion().database.models.apiKeys.find({ createdBy: 'cli:seed' }).lean();
}

describe('loadDemoData', () => {
  it('pushes customers and orders through the ingestion API until all are persisted, then revokes its key', async () => {
    const { database } = ingestion();
    const phases: string[] = [];
    const summary = await loadDemoData(demo, depsFor({ onProgress: (progress) => phases.push(progress.phase) }));

    expect(summary.customers).toEqual({ total: 80, sent: 80, accepted: 80, rejected: 0, persisted: 80, deadLettered: 0 });
    expect(summary.orders).toEqual({ total: 95, sent: 95, accepted: 95, rejected: 0, persisted: 95, deadLettered: 0 });
    // Customers are sent and persisted before the first order is sent.
    expect(phases.lastIndexOf('customers')).toBeLessThan(phases.indexOf('orders'));
    expect(phases.at(-1)).toBe('done');

    expect(await database.models.customers.countDocuments()).toBe(80);
    expect(await database.models.orders.countDocuments()).toBe(95);
    const ordered = await database.models.customers.find({ orderCount: { $gt: 0 } }).lean();
    expect(ordered.length).toBeGreaterThan(0);
    expect(ordered.reduce((sum, customer) => sum + customer.orderCount, 0)).toBe(95);
    expect(ordered.every((customer) => customer.totalSpend >= 0 && customer.lastOrderAt !== null)).toBe(true);

    const keys = await seedKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]?.scopes).toEqual(['ingest']);
    expect(keys[0]?.revokedAt).toBeInstanceOf(Date);
    const audited = await database.models.auditEvents.find({ 'actor.label': 'cli:seed' }).lean();
    expect(audited.map((event) => event.action).sort()).toEqual(['apikey.created', 'apikey.revoked']);
  });

  it('loads the same seed again without duplicating anything', async () => {
    const { database } = ingestion();
    const before = await database.models.customers.find().sort({ key: 1 }).select({ key: 1, orderCount: 1, orderSpend: 1 }).lean();

    const summary = await loadDemoData(demo, depsFor());

    expect(summary.customers.persisted).toBe(80);
    expect(summary.orders.persisted).toBe(95);
    expect(await database.models.customers.countDocuments()).toBe(80);
    expect(await database.models.orders.countDocuments()).toBe(95);
    const after = await database.models.customers.find().sort({ key: 1 }).select({ key: 1, orderCount: 1, orderSpend: 1 }).lean();
    expect(after).toEqual(before);
    expect((await seedKeys()).every((key) => key.revokedAt !== null)).toBe(true);
  });

  it('waits out a 503 with Retry-After and sends the same request again with the same Idempotency-Key', async () => {
    const posts: Array<{ path: string; idempotencyKey: string | null; status: number }> = [];
    let refused = false;
    const flakyFetch: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input);
      if (init?.method !== 'POST') return fetch(input, init);
      const idempotencyKey = new Headers(init.headers).get('Idempotency-Key');
      if (!refused) {
        refused = true;
        posts.push({ path: url.pathname, idempotencyKey, status: 503 });
        const problem = { type: 'about:blank', title: 'Service unavailable', status: 503, detail: 'queue full' };
        return new Response(JSON.stringify(problem), { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' } });
      }
      const response = await fetch(input, init);
      posts.push({ path: url.pathname, idempotencyKey, status: response.status });
      return response;
    };

    const startedAt = Date.now();
    const summary = await loadDemoData({ ...demo, customers: 30, orders: 60 }, depsFor({ fetch: flakyFetch, inFlight: 1 }));

    expect(summary.customers.persisted).toBe(30);
    expect(summary.orders.persisted).toBe(60);
    const [first, second] = posts;
    expect(first).toMatchObject({ path: '/api/customers', status: 503 });
    expect(second).toMatchObject({ path: '/api/customers', status: 202, idempotencyKey: first?.idempotencyKey });
    expect(first?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    // Every other request carries a key of its own.
    expect(new Set(posts.map((post) => post.idempotencyKey)).size).toBe(posts.length - 1);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1_000);
  });

  it('stops when aborted and still revokes its key', async () => {
    const abort = new AbortController();
    const loading = loadDemoData(
      demo,
      depsFor({
        signal: abort.signal,
        inFlight: 1,
        onProgress: (progress) => {
          if (progress.customers.sent > 0) abort.abort();
        },
      }),
    );

    await expect(loading).rejects.toThrow(/abort/i);
    const keys = await seedKeys();
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.revokedAt !== null)).toBe(true);
  });
});

describe('retryDelayMs', () => {
  it('reads Retry-After as seconds or as an HTTP date, and falls back to a second', () => {
    const now = Date.parse('2026-01-15T12:00:00Z');
    expect(retryDelayMs('5', now)).toBe(5_000);
    expect(retryDelayMs('Thu, 15 Jan 2026 12:00:03 GMT', now)).toBe(3_000);
    expect(retryDelayMs(null, now)).toBe(1_000);
    expect(retryDelayMs('soon', now)).toBe(1_000);
    expect(retryDelayMs('86400', now)).toBe(60_000);
  });
});
