// The audience the delivery benchmark sends to: demo customers (realistic names and cities, and every
// one with a valid phone number), stored straight into the database because loading is setup, and
// handed to the sender page by page from the same seeded generator, so the whole audience never sits
// in one array.

import { customerIdOf } from '../db/derived-ids.js';
import type { Database } from '../db/open.js';
import { createDemoData, type CustomerRecord } from '../domain/demo/demo-data.js';
import type { Recipient } from '../delivery/send-batch.js';

/** The demo data's "now", fixed so every run generates the same customers. */
const demoNow = new Date('2025-06-01T00:00:00.000Z');
/** Documents per insertMany. */
const insertChunk = 5_000;

/** The recipients of a seed, `pageSize` at a time, in the same order on every call. */
export function* recipientPages(seed: number, count: number, pageSize: number): Generator<Recipient[]> {
  let page: Recipient[] = [];
  for (const record of demoCustomers(seed, count)) {
    page.push(recipientOf(record));
    if (page.length === pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}

/** Stores every recipient as a customer (`key` = `ext:<externalId>`, `_id` derived from it as ingestion does). */
export async function storeRecipients(database: Database, seed: number, count: number, signal: AbortSignal, progress: (message: string) => void): Promise<number> {
  let stored = 0;
  let chunk: Array<Recipient & { key: string; externalId: string }> = [];
  const flush = async (): Promise<void> => {
    signal.throwIfAborted();
    if (chunk.length === 0) return;
    await database.models.customers.insertMany(chunk, { ordered: false });
    stored += chunk.length;
    chunk = [];
    if (stored % 50_000 === 0) progress(`stored ${stored.toLocaleString('en-US')} recipients`);
  };
  for (const record of demoCustomers(seed, count)) {
    chunk.push({ ...recipientOf(record), key: keyOf(record), externalId: record.externalId });
    if (chunk.length === insertChunk) await flush();
  }
  await flush();
  return stored;
}

function demoCustomers(seed: number, count: number): Generator<CustomerRecord> {
  return createDemoData({ seed, customers: count, orders: 0, now: demoNow }).customers();
}

function keyOf(record: CustomerRecord): string {
  return `ext:${record.externalId}`;
}

function recipientOf(record: CustomerRecord): Recipient {
  return {
    _id: customerIdOf(keyOf(record)),
    name: record.name,
    email: record.email,
    phone: record.phone,
    city: record.city,
    totalSpend: 0,
    orderCount: 0,
    visits: record.visits,
    lastOrderAt: null,
    attributes: record.attributes,
  };
}
