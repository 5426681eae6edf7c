// The audience the segment benchmark queries: demo customers stored as ingestion would have left them
// (profile, defaults and the aggregates derived from their orders' ledger entries), written straight with insertMany
// because loading is setup, not what is measured. The document shape comes from the consumers' own
// helpers (profileOf, customerUpsertOf, ledgerEntryOf, aggregatesOf), so it cannot drift from theirs.

import { customerIdOf } from '../db/derived-ids.js';
import type { LedgerEntry } from '../db/models/customer-ledger.js';
import type { Database } from '../db/open.js';
import type { DemoData, OrderRecord } from '../domain/demo/demo-data.js';
import { customerIdentityKey, customerInputSchema } from '../domain/ingest/customer-input.js';
import { customerUpsertOf, profileOf } from '../streams/ingest/customer-consumer.js';
import { aggregatesOf, ledgerEntryOf } from '../streams/ingest/ledger.js';

/** Documents per insertMany. */
const insertChunk = 5_000;

/** Stores every customer of `data` with their orders folded in; returns how many were stored. */
export async function loadSegmentCustomers(database: Database, data: DemoData, signal: AbortSignal, progress: (message: string) => void): Promise<{ customers: number; orders: number }> {
  const { ledgers, orders } = ledgersByCustomer(data.orders());
  const collection = database.models.customers.collection;
  const loadedAt = new Date();
  let stored = 0;
  let chunk: Array<Record<string, unknown>> = [];
  const flush = async (): Promise<void> => {
    signal.throwIfAborted();
    if (chunk.length === 0) return;
    await collection.insertMany(chunk, { ordered: false });
    stored += chunk.length;
    chunk = [];
    if (stored % 50_000 === 0) progress(`loaded ${stored.toLocaleString('en-US')} customers`);
  };
  for (const record of data.customers()) {
    chunk.push(customerDocument(record, ledgers.get(record.externalId) ?? {}, loadedAt));
    if (chunk.length === insertChunk) await flush();
  }
  await flush();
  return { customers: stored, orders };
}

/** Every order's ledger entry, grouped by its customer's external id (held in memory: setup only). */
function ledgersByCustomer(orders: Iterable<OrderRecord>): { ledgers: Map<string, Record<string, LedgerEntry>>; orders: number } {
  const ledgers = new Map<string, Record<string, LedgerEntry>>();
  let count = 0;
  for (const order of orders) {
    const { name, entry } = ledgerEntryOf({
      customerId: customerIdOf(`ext:${order.customerExternalId}`),
      orderKey: `order:${order.orderId}`,
      amount: order.amount,
      status: order.status,
      orderedAt: new Date(order.orderedAt),
    });
    const ledger = ledgers.get(order.customerExternalId) ?? {};
    ledger[name] = entry;
    ledgers.set(order.customerExternalId, ledger);
    count += 1;
  }
  return { ledgers, orders: count };
}

/** A customer as the customer consumer inserts it and the aggregator then settles it. */
function customerDocument(record: unknown, orderLedger: Record<string, LedgerEntry>, at: Date): Record<string, unknown> {
  const input = customerInputSchema.parse(record);
  const { filter, update } = customerUpsertOf(customerIdentityKey(input), profileOf(input)).updateOne;
  const profile: Record<string, unknown> = { ...update.$setOnInsert, ...update.$set };
  const reportedLastActive = profile.reportedLastActive instanceof Date ? profile.reportedLastActive : null;
  const reportedSpend = typeof profile.reportedSpend === 'number' ? profile.reportedSpend : 0;
  return {
    _id: filter._id,
    ...profile,
    // The ledger itself lives in its own collection, which audiences never read.
    ...aggregatesOf({ entries: orderLedger, reported: { spend: reportedSpend, lastActive: reportedLastActive } }),
    createdAt: at,
    updatedAt: at,
  };
}
