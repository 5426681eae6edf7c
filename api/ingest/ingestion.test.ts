import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestionAcceptedSchema } from '../../domain/ingest-status.js';
import { decodeEntries } from '../../streams/entries.js';
import { enqueueRecords, ingestStreams } from '../../streams/ingest/ingest-streams.js';
import { useIngestion } from '../../test/helpers/ingestion.js';
import { testServices } from '../../test/helpers/services.js';

const ingestion = useIngestion();
const raw = new Redis(testServices().redisUrl);
afterAll(() => raw.disconnect());

async function ingest(kind: 'customers' | 'orders', body: unknown, headers: Record<string, string> = {}) {
  const response = await ingestion().marketer.request(`/api/${kind}`, { json: body, csrf: true, headers });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(202);
  const accepted = ingestionAcceptedSchema.parse(await response.json());
  const status = await ingestion().waitUntilDone(accepted.ingestionId);
  return { accepted, status };
}

const customers = () => ingestion().database.models.customers;
const orders = () => ingestion().database.models.orders;

describe('ingestion through the API, Redis Streams and MongoDB', () => {
  it('persists the REFERENCE payloads as-is, and an order by the customer id the API returned', async () => {
    const { accepted, status } = await ingest('customers', {
      name: 'John Doe',
      email: 'john.doe@example.com',
      spend: 1200.75,
      visits: 10,
      lastActive: '2025-05-10T15:30:00.000Z',
    });
    expect(status).toMatchObject({ accepted: 1, persisted: 1, rejected: 0, deadLettered: 0, done: true });
    const customerId = accepted.customerIds?.[0]?.id ?? '';
    const john = await customers().findById(customerId).lean();
    expect(john).toMatchObject({ name: 'John Doe', email: 'john.doe@example.com', visits: 10, reportedSpend: 1200.75, totalSpend: 1200.75 });

    await ingest('orders', { customerId, amount: '350.00', date: '2025-05-18T12:00:00.000Z' });
    const after = await customers().findById(customerId).lean();
    expect(after).toMatchObject({ orderCount: 1, orderSpend: 350, totalSpend: 1550.75 });
    expect(after?.lastOrderAt?.toISOString()).toBe('2025-05-18T12:00:00.000Z');
    expect(after?.lastActive?.toISOString()).toBe('2025-05-18T12:00:00.000Z');
  });

  it('changes nothing when the same customers and orders are posted again', async () => {
    const batch = [
      { externalId: 'c-1', name: 'Asha', email: 'asha@example.com' },
      { externalId: 'c-2', name: 'Ravi', email: 'ravi@example.com', tags: 'vip, newsletter' },
    ];
    const orderBatch = [
      { orderId: 'o-1', customerExternalId: 'c-1', amount: 100, orderedAt: '2025-06-01T10:00:00Z' },
      { orderId: 'o-2', customerExternalId: 'c-1', amount: 250.5, orderedAt: '2025-06-03T10:00:00Z' },
      { orderId: 'o-3', customerExternalId: 'c-2', amount: 999, orderedAt: '2025-06-02T10:00:00Z', status: 'cancelled' },
    ];
    await ingest('customers', { customers: batch });
    await ingest('orders', orderBatch);
    const before = await customers().find({ externalId: { $in: ['c-1', 'c-2'] } }).sort({ externalId: 1 }).lean();
    expect(before.map((c) => [c.orderCount, c.totalSpend])).toEqual([
      [2, 350.5],
      [1, 0],
    ]);

    await ingest('customers', batch);
    await ingest('orders', { orders: orderBatch });
    const after = await customers().find({ externalId: { $in: ['c-1', 'c-2'] } }).sort({ externalId: 1 }).lean();
    // FerretDB 1.24 leaves null and [] out of $setOnInsert, so an untagged customer may have no tags field.
    expect(after.map((c) => [c.orderCount, c.totalSpend, c.tags ?? []])).toEqual([
      [2, 350.5, []],
      [1, 0, ['vip', 'newsletter']],
    ]);
    expect(await customers().countDocuments({ externalId: { $in: ['c-1', 'c-2'] } })).toBe(2);
    expect(await orders().countDocuments({ orderId: { $in: ['o-1', 'o-2', 'o-3'] } })).toBe(3);
  });

  it('keeps an order whose customer is not known yet, and applies it when the customer arrives', async () => {
    await ingest('orders', [
      { orderId: 'early-1', customerExternalId: 'late-1', amount: 500, orderedAt: '2025-07-01T09:00:00Z' },
      { orderId: 'early-2', customerEmail: 'late.two@example.com', amount: 75, orderedAt: '2025-07-02T09:00:00Z' },
    ]);
    // Named by external id, an order waits in the ledger of the customer's derived id; by e-mail, by reference.
    const early = await orders().find({ orderId: { $in: ['early-1', 'early-2'] } }).sort({ orderId: 1 }).lean();
    expect(early.map((order) => [order.customerRef, order.pendingCustomerRef ?? null])).toEqual([
      ['ext:late-1', null],
      ['email:late.two@example.com', 'email:late.two@example.com'],
    ]);
    const listed = await (await ingestion().marketer.request('/api/orders?limit=10')).json() as { orders: Array<{ orderId: string | null; customerId: string | null; waitingFor: string | null }> };
    expect(listed.orders.filter((order) => order.orderId?.startsWith('early-')).map((order) => [order.orderId, order.customerId, order.waitingFor]).sort()).toEqual([
      ['early-1', null, 'ext:late-1'],
      ['early-2', null, 'email:late.two@example.com'],
    ]);

    await ingest('customers', [
      { externalId: 'late-1', name: 'Late One' },
      { externalId: 'late-2', email: 'Late.Two@Example.com', spend: 25 },
    ]);
    const arrived = await customers().find({ externalId: { $in: ['late-1', 'late-2'] } }).sort({ externalId: 1 }).lean();
    expect(arrived.map((c) => [c.orderCount, c.totalSpend])).toEqual([
      [1, 500],
      [1, 100],
    ]);
    expect(await orders().countDocuments({ pendingCustomerRef: { $ne: null } })).toBe(0);
  });

  it('follows a corrected order, a cancellation and newly reported spend into the aggregates', async () => {
    await ingest('customers', { externalId: 'fix-1', spend: 100, lastActive: '2025-01-01T00:00:00Z' });
    await ingest('orders', [
      { orderId: 'fix-o1', customerExternalId: 'fix-1', amount: 40, status: 'paid', orderedAt: '2025-02-01T00:00:00Z' },
      { orderId: 'fix-o2', customerExternalId: 'fix-1', amount: 60, status: 'paid', orderedAt: '2025-03-01T00:00:00Z' },
    ]);
    const figures = async () => {
      const customer = await customers().findOne({ externalId: 'fix-1' }).lean();
      return [customer?.orderCount, customer?.orderSpend, customer?.totalSpend, customer?.lastActive?.toISOString()];
    };
    expect(await figures()).toEqual([2, 100, 200, '2025-03-01T00:00:00.000Z']);

    await ingest('orders', { orderId: 'fix-o1', customerExternalId: 'fix-1', amount: 45 });
    await ingest('orders', { orderId: 'fix-o2', customerExternalId: 'fix-1', amount: 60, status: 'cancelled' });
    expect(await figures()).toEqual([2, 45, 145, '2025-03-01T00:00:00.000Z']);
    // The corrected order kept the status and time it had, as it was sent without them.
    expect(await orders().findOne({ orderId: 'fix-o1' }).lean()).toMatchObject({ amount: 45, status: 'paid' });

    await ingest('customers', { externalId: 'fix-1', spend: 500, lastActive: '2025-06-01T00:00:00Z' });
    expect(await figures()).toEqual([2, 45, 545, '2025-06-01T00:00:00.000Z']);
    await ingest('customers', { externalId: 'fix-1', name: 'Only the name changes' });
    expect(await figures()).toEqual([2, 45, 545, '2025-06-01T00:00:00.000Z']);
  });

  it('deduplicates orders without an id by Idempotency-Key and index, so a retried request counts once', async () => {
    await ingest('customers', { externalId: 'idem-1' });
    const body = [{ customerExternalId: 'idem-1', amount: 10 }, { customerExternalId: 'idem-1', amount: 20 }];
    await ingest('orders', body, { 'Idempotency-Key': 'retry-me-1' });
    await ingest('orders', body, { 'Idempotency-Key': 'retry-me-1' });
    const customer = await customers().findOne({ externalId: 'idem-1' }).lean();
    expect([customer?.orderCount, customer?.totalSpend]).toEqual([2, 30]);
    await ingest('orders', body, { 'Idempotency-Key': 'another-request' });
    expect((await customers().findOne({ externalId: 'idem-1' }).lean())?.orderCount).toBe(4);
  });

  it('accepts the valid records of a mixed batch and reports the invalid ones with their fields', async () => {
    const { accepted, status } = await ingest('customers', [
      { externalId: 'mix-1' },
      { externalId: 'mix-2', email: 'not-an-email' },
      { name: 'no identity' },
      { externalId: 'mix-4', visits: -1 },
    ]);
    expect(accepted.accepted).toBe(1);
    expect(accepted.rejected.map((r) => [r.index, r.errors.map((e) => e.path)])).toEqual([
      [1, ['email']],
      [2, ['externalId']],
      [3, ['visits']],
    ]);
    expect(status).toMatchObject({ accepted: 1, rejected: 3, persisted: 1, done: true });
    expect(await customers().countDocuments({ externalId: { $in: ['mix-2', 'mix-4'] } })).toBe(0);
  });

  it('dead-letters a poison record with its reason while its chunk-mates persist', async () => {
    const { models } = ingestion().database;
    await models.ingestions.create({ _id: 'poison-test', kind: 'customers', source: 'json', sentBy: 'test', accepted: 3 });
    // Written straight to the stream, as a buggy or older producer might: the consumer validates again.
    await enqueueRecords(commandsWithPrefix(), 'customers', 'poison-test', [
      { index: 0, value: { externalId: 'poison-ok-1' } },
      { index: 1, value: { externalId: 'poison-bad', email: { $gt: '' } } },
      { index: 2, value: { externalId: 'poison-ok-2' } },
    ]);
    await models.ingestions.updateOne({ _id: 'poison-test' }, { $set: { enqueued: true } });
    const status = await ingestion().waitUntilDone('poison-test');
    expect(status).toMatchObject({ persisted: 2, deadLettered: 1, done: true });
    expect(await customers().countDocuments({ externalId: { $in: ['poison-ok-1', 'poison-ok-2'] } })).toBe(2);
    const dead = decodeEntries(await raw.xrange(`${ingestion().redisKeyPrefix}${ingestStreams.customers}:dead`, '-', '+'));
    const record = JSON.parse(dead.at(-1)?.data ?? '{}') as { index: number; reason: string };
    expect(record.index).toBe(1);
    expect(record.reason).toMatch(/email/);
  });
});

function commandsWithPrefix(): Redis {
  const redis = new Redis(testServices().redisUrl, { keyPrefix: ingestion().redisKeyPrefix });
  afterAll(() => redis.disconnect());
  return redis;
}
