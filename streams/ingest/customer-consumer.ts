import type { Redis } from 'ioredis';
import type { Types } from 'mongoose';
import { customerIdentityKey, customerInputSchema, type CustomerInput } from '../../domain/ingest/customer-input.js';
import { customerIdOf } from '../../db/derived-ids.js';
import type { Models } from '../../db/models.js';
import type { StreamConsumer } from '../consumer-runner.js';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import { chunkOutcomes, deadLetterRecords, unpackChunks, type ChunkRecord, type DeadRecord } from './chunk-records.js';
import { insertNew } from '../../db/insert-new.js';
import { markCustomersDirty } from './aggregation-queue.js';
import { ingestChunkSchema, ingestStreams, type IngestChunk } from './ingest-streams.js';
import { countChunks } from './ingestion-progress.js';
import { adoptWaitingOrders, customersAwaitedByEmail } from './waiting-orders.js';

/** Chunks per batch: 10 × 500 records keeps one bulk write near 5,000 documents. */
const chunksPerBatch = 10;

/** The profile fields a record sets; absent fields are left as they are. */
export function profileOf(input: CustomerInput): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  if (input.externalId !== undefined) set.externalId = input.externalId;
  if (input.email !== undefined) set.email = input.email;
  if (input.name !== undefined) set.name = input.name;
  if (input.phone !== undefined) set.phone = input.phone;
  if (input.city !== undefined) set.city = input.city;
  if (input.tags !== undefined) set.tags = input.tags;
  if (input.attributes !== undefined) set.attributes = input.attributes;
  if (input.visits !== undefined) set.visits = input.visits;
  if (input.signedUpAt !== undefined) set.signedUpAt = input.signedUpAt;
  if (input.spend !== undefined) set.reportedSpend = input.spend;
  if (input.lastActive !== undefined) set.reportedLastActive = input.lastActive;
  return set;
}

const insertDefaults: Record<string, unknown> = {
  externalId: null,
  email: null,
  name: null,
  phone: null,
  city: null,
  tags: [],
  attributes: {},
  visits: 0,
  signedUpAt: null,
  reportedSpend: 0,
  reportedLastActive: null,
  orderSpend: 0,
  orderCount: 0,
  totalSpend: 0,
  firstOrderAt: null,
  lastOrderAt: null,
  lastActive: null,
};

/**
 * Persists customers: one record per distinct customer in the batch (records of the same customer
 * merge in order), keyed by the derived id. New customers are inserted whole, with a ledger holding
 * their reported spend; known ones are upserted with the fields sent, so a replay writes the same
 * values again. A customer whose ledger already existed (orders named them first) or whose reported
 * figures changed is marked for the aggregator; orders waiting on their e-mail are adopted.
 */
export function customerConsumer(models: Pick<Models, 'customers' | 'customerLedgers' | 'orders' | 'ingestions'>, redis: Redis, now: () => Date = () => new Date()): StreamConsumer<IngestChunk> {
  const stream = ingestStreams.customers;
  return {
    stream,
    group: 'drumbeat-ingest-customers',
    schema: ingestChunkSchema,
    batchSize: chunksPerBatch,
    async handle(batch) {
      const chunks = batch.map(({ value }) => value);
      const { records, dead } = unpackChunks(chunks, customerInputSchema);

      const merged = new Map<string, { key: string; set: Record<string, unknown>; records: Array<ChunkRecord<CustomerInput>> }>();
      for (const record of records) {
        const key = customerIdentityKey(record.value);
        const entry = merged.get(key) ?? { key, set: {}, records: [] };
        Object.assign(entry.set, profileOf(record.value));
        entry.records.push(record);
        merged.set(key, entry);
      }
      const customers = [...merged.values()];
      const { refused, known } = await writeCustomers(models, customers, now());
      for (const [position, reason] of refused) {
        for (const record of customers[position]?.records ?? []) dead.push({ ...record, reason, value: record.value } satisfies DeadRecord);
      }
      const written = customers.flatMap((customer, position) => (refused.has(position) ? [] : [{ ...customer, id: customerIdOf(customer.key), known: known.has(position) }]));

      await writeLedgers(models, redis, written);
      await adoptWaitingOrders(models, redis, await customersAwaitedByEmail(redis, written.map(({ id, set }) => ({ id, email: set.email }))));

      await deadLetterRecords(redis, stream, dead);
      await countChunks(models, chunkOutcomes(chunks, dead));
    },
  };
}

/** The upsert of one customer: the fields sent, with defaults for a new document, by the derived id. */
export function customerUpsertOf(key: string, set: Record<string, unknown>) {
  return {
    updateOne: {
      filter: { _id: customerIdOf(key) },
      update: {
        $set: set,
        $setOnInsert: { key, ...Object.fromEntries(Object.entries(insertDefaults).filter(([field]) => !(field in set))) },
      },
      upsert: true,
    },
  };
}

/** The whole document of a customer seen for the first time: defaults, the fields sent, aggregates from what was reported. */
function newCustomerDocument(key: string, set: Record<string, unknown>, at: Date): Record<string, unknown> {
  const document: Record<string, unknown> = { _id: customerIdOf(key), key, ...insertDefaults, ...set, createdAt: at, updatedAt: at };
  document.totalSpend = document.reportedSpend;
  document.lastActive = document.reportedLastActive;
  return document;
}

/** Inserts the new customers and upserts the known ones; returns refusals and the positions that were known. */
async function writeCustomers(models: Pick<Models, 'customers'>, customers: Array<{ key: string; set: Record<string, unknown> }>, at: Date) {
  const inserted = await insertNew(
    models.customers,
    customers.map(({ key, set }) => newCustomerDocument(key, set, at)),
  );
  const refused = new Map(inserted.refused);
  const upsertRefused = await bulkWriteInSlices(
    models.customers,
    inserted.duplicates.map((position) => {
      const customer = customers[position];
      if (!customer) throw new Error(`no customer at position ${position}`);
      return customerUpsertOf(customer.key, customer.set);
    }),
  );
  for (const [index, reason] of upsertRefused) {
    const position = inserted.duplicates[index];
    if (position !== undefined) refused.set(position, reason);
  }
  return { refused, known: new Set(inserted.duplicates) };
}

/**
 * Gives every new customer a ledger carrying their reported figures (one insert), so the aggregator
 * never needs to read the customer. Where a ledger was there already (orders came first) or a known
 * customer reported new figures, the figures are set on it and the customer is marked.
 */
async function writeLedgers(models: Pick<Models, 'customerLedgers'>, redis: Redis, customers: Array<{ id: Types.ObjectId; set: Record<string, unknown>; known: boolean }>): Promise<void> {
  const reportedOf = (set: Record<string, unknown>) => ({ spend: (set.reportedSpend as number | undefined) ?? 0, lastActive: (set.reportedLastActive as Date | undefined) ?? null });
  const fresh = customers.filter((customer) => !customer.known);
  const inserted = await insertNew(
    models.customerLedgers,
    fresh.map(({ id, set }) => ({ _id: id, entries: {}, reported: reportedOf(set) })),
  );
  const [firstRefusal] = inserted.refused.values();
  if (firstRefusal !== undefined) throw new Error(`customer ledgers refused: ${firstRefusal}`);
  const ledgerFirst = inserted.duplicates.flatMap((position) => (fresh[position] ? [fresh[position]] : []));
  // A known customer's record may carry only some figures: drop the copy, and the aggregator takes
  // the merged figures from the customer document.
  const figuresChanged = customers.filter((customer) => customer.known && ('reportedSpend' in customer.set || 'reportedLastActive' in customer.set));
  await bulkWriteInSlices(models.customerLedgers, [
    ...ledgerFirst.map(({ id, set }) => ({ updateOne: { filter: { _id: id }, update: { $set: { reported: reportedOf(set) } } } })),
    ...figuresChanged.map(({ id }) => ({ updateOne: { filter: { _id: id }, update: { $unset: { reported: 1 } } } })),
  ]);
  await markCustomersDirty(redis, [...ledgerFirst, ...figuresChanged].map(({ id }) => id));
}
