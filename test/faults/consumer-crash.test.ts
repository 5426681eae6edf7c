import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/open.js';
import { ingestionAcceptedSchema, ingestionStatusSchema, type IngestionStatus } from '../../domain/ingest-status.js';
import { useTestApi } from '../helpers/api.js';
import { TestBrowser } from '../helpers/browser.js';
import { freshDatabaseUri } from '../helpers/database.js';
import { killHard, useConsumersProcesses } from '../helpers/consumers-process.js';

const customers = 10_000;
const orders = 40_000;
const redisKeyPrefix = `test:${randomUUID().slice(0, 8)}:`;
let mongoUri = '';
const api = useTestApi(() => {
  mongoUri = freshDatabaseUri().uri;
  return { MONGODB_URI: mongoUri, REDIS_KEY_PREFIX: redisKeyPrefix };
});

let database: Database;
let browser: TestBrowser;
const startConsumersProcess = useConsumersProcesses(() => ({ mongoUri, redisKeyPrefix }));
beforeAll(async () => {
  database = await openDatabase(mongoUri);
  browser = new TestBrowser(api().url);
  await browser.devSignIn('admin@crash.test');
});
afterAll(async () => {
  await database.connection.dropDatabase();
  await database.close();
});

async function post(kind: 'customers' | 'orders', records: unknown[]): Promise<string> {
  const response = await browser.request(`/api/${kind}`, { json: records, csrf: true });
  expect(response.status).toBe(202);
  return ingestionAcceptedSchema.parse(await response.json()).ingestionId;
}

async function statuses(ids: string[]): Promise<IngestionStatus[]> {
  return Promise.all(ids.map(async (id) => ingestionStatusSchema.parse(await (await browser.request(`/api/ingestions/${id}`)).json())));
}

const amountOf = (order: number): number => (order % 97) + 0.25;

describe('a consumer killed with SIGKILL in the middle of 50,000 records', () => {
  it('loses nothing and counts nothing twice once a replacement takes over', async () => {
    const first = startConsumersProcess('doomed');
    const ingestions: string[] = [];
    for (let start = 0; start < customers; start += 5_000) {
      ingestions.push(await post('customers', Array.from({ length: 5_000 }, (_, offset) => ({ externalId: `k-${start + offset}`, name: `Customer ${start + offset}` }))));
    }
    for (let start = 0; start < orders; start += 5_000) {
      ingestions.push(
        await post(
          'orders',
          Array.from({ length: 5_000 }, (_, offset) => {
            const order = start + offset;
            return { orderId: `o-${order}`, customerExternalId: `k-${order % customers}`, amount: amountOf(order), orderedAt: new Date(Date.UTC(2025, 0, 1) + order * 60_000).toISOString() };
          }),
        ),
      );
    }

    // Kill it mid-way: some records persisted, most not.
    for (;;) {
      const persisted = (await statuses(ingestions)).reduce((sum, status) => sum + status.persisted, 0);
      if (persisted >= 12_000) break;
      await sleep(100);
    }
    await killHard(first);
    const atKill = (await statuses(ingestions)).reduce((sum, status) => sum + status.persisted, 0);
    expect(atKill).toBeLessThan(customers + orders);

    startConsumersProcess('replacement');
    const deadline = Date.now() + 150_000;
    let final: IngestionStatus[] = [];
    while (Date.now() < deadline) {
      final = await statuses(ingestions);
      if (final.every((status) => status.done && status.customersAwaitingAggregates === 0)) break;
      await sleep(250);
    }
    expect(final.every((status) => status.done && status.customersAwaitingAggregates === 0)).toBe(true);
    expect(final.reduce((sum, status) => sum + status.persisted, 0)).toBe(customers + orders);
    expect(final.reduce((sum, status) => sum + status.deadLettered, 0)).toBe(0);

    const { models } = database;
    expect(await models.customers.countDocuments()).toBe(customers);
    expect(await models.orders.countDocuments()).toBe(orders);
    expect(await models.orders.countDocuments({ pendingCustomerRef: { $nin: [null] } })).toBe(0);

    const expected = new Map<string, { count: number; spend: number }>();
    for (let order = 0; order < orders; order += 1) {
      const key = `k-${order % customers}`;
      const entry = expected.get(key) ?? { count: 0, spend: 0 };
      entry.count += 1;
      entry.spend = Math.round((entry.spend + amountOf(order)) * 100) / 100;
      expected.set(key, entry);
    }
    const stored = await models.customers.find({}, { externalId: 1, orderCount: 1, totalSpend: 1 }).lean();
    const wrong = stored.filter((customer) => {
      const want = expected.get(customer.externalId ?? '');
      return !want || want.count !== customer.orderCount || Math.abs(want.spend - customer.totalSpend) > 0.001;
    });
    expect(wrong.slice(0, 5)).toEqual([]);
  }, 240_000);
});
