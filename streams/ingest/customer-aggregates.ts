import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Types } from 'mongoose';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import type { CustomerLedgerDocument, LedgerEntry } from '../../db/models/customer-ledger.js';
import type { Models } from '../../db/models.js';
import { claimDirtyCustomers, clearApplied, parseQueuedEntry, type ClaimedCustomer } from './aggregation-queue.js';
import { aggregatesOf } from './ledger.js';
import { releaseLocks, tryLocks } from '../redis-locks.js';

/** How long a round may hold a customer; an aggregator that dies holding it blocks others no longer. */
const lockTtlMs = 60_000;
/** Ledger writes in flight at once: each is one command, so a few overlap their round trips. */
const parallelLedgerWrites = 8;

function lockKey(id: Types.ObjectId): string {
  return `ingest:aggregate-lock:${id.toHexString()}`;
}

type Ledger = Pick<CustomerLedgerDocument, '_id' | 'entries' | 'reported'>;

/**
 * One round of the aggregator: claims up to `limit` marked customers, writes their queued entries
 * into their ledgers, recomputes their aggregates from the ledgers and stores them, then clears what
 * it applied. Returns how many customers it settled.
 *
 * Coalescing is the point: however many orders a customer received since the last round, their
 * aggregates are written once. Every step is idempotent (entries are set by name, aggregates are
 * derived from the whole ledger), so a round cut short is simply done again. Each customer is held
 * under a short Redis lock, so two aggregators never interleave one customer's read and write.
 * A ledger may exist before its customer (an order named them first): the write to the customer
 * then matches nothing, and the customer consumer marks them again when they arrive.
 */
export async function settleCustomerAggregates(models: Pick<Models, 'customers' | 'customerLedgers'>, redis: Redis, limit: number): Promise<number> {
  const claimed = await claimDirtyCustomers(redis, limit);
  if (claimed.length === 0) return 0;
  const token = randomUUID();
  const held = await lockCustomers(redis, claimed, token);
  if (held.length === 0) return 0;
  try {
    const ledgers = await withReportedFigures(models, await writeLedgers(models, held));
    await bulkWriteInSlices(
      models.customers,
      ledgers.map((ledger) => ({ updateOne: { filter: { _id: ledger._id }, update: { $set: aggregatesOf(ledger) } } })),
    );
    await clearApplied(redis, held);
  } finally {
    await releaseLocks(redis, held.map((customer) => lockKey(customer.id)), token);
  }
  return held.length;
}

async function lockCustomers(redis: Redis, claimed: ClaimedCustomer[], token: string): Promise<ClaimedCustomer[]> {
  const held = await tryLocks(redis, claimed.map((customer) => lockKey(customer.id)), token, lockTtlMs);
  // Whoever holds the others is settling them now; they stay marked if anything is left.
  return claimed.filter((_, index) => held[index]);
}

/**
 * Sets each customer's queued entries in their ledger and reads the ledger back in the same command
 * (findOneAndUpdate), the one write per customer per round. Customers with nothing queued only read.
 */
async function writeLedgers(models: Pick<Models, 'customerLedgers'>, customers: ClaimedCustomer[]): Promise<Ledger[]> {
  const ledgers: Ledger[] = [];
  let next = 0;
  const projection = { entries: 1, reported: 1 };
  async function worker(): Promise<void> {
    while (next < customers.length) {
      const customer = customers[next];
      next += 1;
      if (!customer) continue;
      const set: Record<string, LedgerEntry> = {};
      for (const [name, serialized] of Object.entries(customer.queued)) set[`entries.${name}`] = parseQueuedEntry(serialized);
      const ledger = Object.keys(set).length > 0 ? await setEntries(models, customer.id, set) : await models.customerLedgers.findOne({ _id: customer.id }, projection).lean<Ledger>();
      if (ledger) ledgers.push(ledger);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallelLedgerWrites, customers.length) }, worker));
  return ledgers;
}

/**
 * Sets entries on a ledger, creating it if needed, and returns it whole. The driver's own call:
 * mongoose would add insert defaults that collide with the entries set; and no projection, which
 * FerretDB 1.24's findAndModify lacks (the ledger is all we want anyway). An upsert that races the
 * customer consumer's insert of the same ledger fails on the duplicate key; once more then updates it.
 */
async function setEntries(models: Pick<Models, 'customerLedgers'>, customerId: Types.ObjectId, set: Record<string, LedgerEntry>): Promise<Ledger | null> {
  const write = async () => (await models.customerLedgers.collection.findOneAndUpdate({ _id: customerId }, { $set: set }, { upsert: true, returnDocument: 'after' })) as Ledger | null;
  try {
    return await write();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 11000) throw error;
    return write();
  }
}

/**
 * A ledger without the reported figures was started by an order before its customer arrived (or
 * predates them): copy them from the customer, if stored. Returns the ledgers of stored customers;
 * for the others the customer consumer copies the figures, and marks them, when they arrive.
 */
async function withReportedFigures(models: Pick<Models, 'customers' | 'customerLedgers'>, ledgers: Ledger[]): Promise<Ledger[]> {
  const missing = ledgers.filter((ledger) => !ledger.reported);
  const unstored = new Set<Ledger>();
  for (const ledger of missing) {
    const customer = await models.customers.findOne({ _id: ledger._id }, { reportedSpend: 1, reportedLastActive: 1 }).lean();
    if (!customer) {
      unstored.add(ledger);
      continue;
    }
    ledger.reported = { spend: customer.reportedSpend ?? 0, lastActive: customer.reportedLastActive ?? null };
    await models.customerLedgers.updateOne({ _id: ledger._id }, { $set: { reported: ledger.reported } });
  }
  return ledgers.filter((ledger) => !unstored.has(ledger));
}
