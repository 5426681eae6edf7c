import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Types } from 'mongoose';
import { afterAll, describe, expect, it } from 'vitest';
import { customerIdOf } from '../../db/derived-ids.js';
import { useTestDatabase } from '../../test/helpers/database.js';
import { testServices } from '../../test/helpers/services.js';
import { claimDirtyCustomers, clearApplied, customersAwaitingAggregates, markCustomersDirty, queueLedgerEntries } from './aggregation-queue.js';
import { settleCustomerAggregates } from './customer-aggregates.js';
import { ledgerEntryOf, type LedgerOrder } from './ledger.js';

const database = useTestDatabase();

/** A Redis connection with a key prefix of its own, as a consumers process has. */
function prefixedRedis(): Redis {
  const redis = new Redis(testServices().redisUrl, { keyPrefix: `test:aggregates:${randomUUID().slice(0, 8)}:`, maxRetriesPerRequest: null });
  afterAll(() => redis.disconnect());
  return redis;
}

async function settleAll(redis: Redis): Promise<void> {
  for (let round = 0; round < 20 && (await customersAwaitingAggregates(redis)) > 0; round += 1) {
    await settleCustomerAggregates(database().models, redis, 100);
  }
}

async function storeCustomer(key: string, reported: { spend: number; lastActive: Date | null }): Promise<Types.ObjectId> {
  const id = customerIdOf(key);
  await database().models.customers.create({ _id: id, key, reportedSpend: reported.spend, reportedLastActive: reported.lastActive, totalSpend: reported.spend });
  await database().models.customerLedgers.create({ _id: id, entries: {}, reported });
  return id;
}

const order = (customerId: Types.ObjectId, orderKey: string, amount: number, status: string, at: string): LedgerOrder => ({ customerId, orderKey, amount, status, orderedAt: new Date(at) });

describe('customer aggregates from ledgers, settled by the aggregator', () => {
  it('derives spend, count, first and last order and activity, leaving cancelled orders out of spend', async () => {
    const redis = prefixedRedis();
    const id = await storeCustomer('ext:agg-1', { spend: 100, lastActive: new Date('2025-01-10T00:00:00Z') });
    await queueLedgerEntries(redis, [
      ledgerEntryOf(order(id, 'order:a', 40.1, 'paid', '2025-01-05T00:00:00Z')),
      ledgerEntryOf(order(id, 'order:b', 20.2, 'placed', '2025-02-01T00:00:00Z')),
      ledgerEntryOf(order(id, 'order:c', 999, 'cancelled', '2025-01-20T00:00:00Z')),
    ]);
    expect(await customersAwaitingAggregates(redis)).toBe(1);
    await settleAll(redis);
    expect(await customersAwaitingAggregates(redis)).toBe(0);
    const customer = await database().models.customers.findById(id).lean();
    expect(customer).toMatchObject({ orderSpend: 60.3, orderCount: 3, totalSpend: 160.3 });
    expect([customer?.firstOrderAt?.toISOString(), customer?.lastOrderAt?.toISOString(), customer?.lastActive?.toISOString()]).toEqual([
      '2025-01-05T00:00:00.000Z',
      '2025-02-01T00:00:00.000Z',
      '2025-02-01T00:00:00.000Z',
    ]);
  });

  it('counts an order queued any number of times once, and a corrected amount replaces the old one', async () => {
    const redis = prefixedRedis();
    const id = await storeCustomer('ext:agg-2', { spend: 0, lastActive: null });
    const first = ledgerEntryOf(order(id, 'order:x', 10, 'paid', '2025-03-01T00:00:00Z'));
    for (let time = 0; time < 3; time += 1) {
      await queueLedgerEntries(redis, [first]);
      await settleAll(redis);
    }
    expect(await database().models.customers.findById(id).lean()).toMatchObject({ orderCount: 1, totalSpend: 10 });
    await queueLedgerEntries(redis, [ledgerEntryOf(order(id, 'order:x', 12.5, 'paid', '2025-03-01T00:00:00Z'))]);
    await settleAll(redis);
    expect(await database().models.customers.findById(id).lean()).toMatchObject({ orderCount: 1, totalSpend: 12.5 });
  });

  it('keeps entries for a customer not stored yet, and applies them once the customer arrives and is marked', async () => {
    const redis = prefixedRedis();
    const id = customerIdOf('ext:agg-later');
    await queueLedgerEntries(redis, [ledgerEntryOf(order(id, 'order:early', 70, 'placed', '2025-04-01T00:00:00Z'))]);
    await settleAll(redis);
    expect(await database().models.customerLedgers.findById(id).lean()).toMatchObject({ entries: { [ledgerEntryOf(order(id, 'order:early', 70, 'placed', '2025-04-01T00:00:00Z')).name]: { amount: 70 } } });

    await database().models.customers.create({ _id: id, key: 'ext:agg-later', reportedSpend: 5 });
    await database().models.customerLedgers.updateOne({ _id: id }, { $set: { reported: { spend: 5, lastActive: null } } });
    await markCustomersDirty(redis, [id]);
    await settleAll(redis);
    expect(await database().models.customers.findById(id).lean()).toMatchObject({ orderCount: 1, orderSpend: 70, totalSpend: 75 });
  });

  it('takes the reported figures from the customer when the ledger has none', async () => {
    const redis = prefixedRedis();
    const id = customerIdOf('ext:agg-legacy');
    await database().models.customers.create({ _id: id, key: 'ext:agg-legacy', reportedSpend: 30 });
    await queueLedgerEntries(redis, [ledgerEntryOf(order(id, 'order:l', 5, 'paid', '2025-05-01T00:00:00Z'))]);
    await settleAll(redis);
    expect(await database().models.customers.findById(id).lean()).toMatchObject({ totalSpend: 35 });
    expect(await database().models.customerLedgers.findById(id).lean()).toMatchObject({ reported: { spend: 30 } });
  });

  it('never loses an entry or a mark made while a round is working on the customer', async () => {
    const redis = prefixedRedis();
    const id = await storeCustomer('ext:agg-race', { spend: 0, lastActive: null });
    const r1 = ledgerEntryOf(order(id, 'order:r1', 1, 'paid', '2025-06-01T00:00:00Z'));
    await queueLedgerEntries(redis, [r1]);
    const claimed = await claimDirtyCustomers(redis, 10);
    expect(claimed.map((customer) => Object.keys(customer.queued))).toEqual([[r1.name]]);
    await database().models.customerLedgers.updateOne({ _id: id }, { $set: { [`entries.${r1.name}`]: r1.entry } }); // what the round writes
    // Between the round's read and its clear, another order is queued and the customer marked again.
    const r2 = ledgerEntryOf(order(id, 'order:r2', 2, 'paid', '2025-06-02T00:00:00Z'));
    await queueLedgerEntries(redis, [r2]);
    await clearApplied(redis, claimed);
    expect(await customersAwaitingAggregates(redis)).toBe(1);
    expect((await claimDirtyCustomers(redis, 10)).map((customer) => Object.keys(customer.queued))).toEqual([[r2.name]]);
    await settleAll(redis);
    expect(await database().models.customers.findById(id).lean()).toMatchObject({ orderCount: 2, totalSpend: 3 });

    // A mark without entries (new reported figures) made during a round also survives the clear.
    await markCustomersDirty(redis, [id]);
    const again = await claimDirtyCustomers(redis, 10);
    await markCustomersDirty(redis, [id]);
    await clearApplied(redis, again);
    expect(await customersAwaitingAggregates(redis)).toBe(1);
  });
});
