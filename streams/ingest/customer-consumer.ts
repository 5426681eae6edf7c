import type { Redis } from 'ioredis';
import type { Types } from 'mongoose';
import { customerIdentityKey, customerInputSchema, type CustomerInput } from '../../domain/ingest/customer-input.js';
import { customerIdOf } from '../../db/derived-ids.js';
import type { Models } from '../../db/models.js';
import type { StreamConsumer } from '../consumer-runner.js';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import { chunkOutcomes, deadLetterRecords, unpackChunks, type ChunkRecord, type DeadRecord } from './chunk-records.js';
import { recomputeCustomerAggregates } from './customer-aggregates.js';
import { ingestChunkSchema, ingestStreams, type IngestChunk } from './ingest-streams.js';
import { countChunks } from './ingestion-progress.js';
import { adoptWaitingOrders } from './waiting-orders.js';

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
 * Persists customers: one upsert per distinct customer in the batch (records of the same customer
 * merge in order), keyed by the derived id, so a replay writes the same values again. Then adopts
 * orders that were waiting for these customers and recomputes the aggregates that changed.
 */
export function customerConsumer(models: Pick<Models, 'customers' | 'customerLedgers' | 'orders' | 'ingestions'>, redis: Redis): StreamConsumer<IngestChunk> {
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
      const refused = await upsertCustomers(models, customers);
      for (const [position, reason] of refused) {
        for (const record of customers[position]?.records ?? []) dead.push({ ...record, reason, value: record.value } satisfies DeadRecord);
      }

      const written = customers.filter((_, position) => !refused.has(position));
      const adopted = await adoptWaitingOrders(models, written.map((customer) => ({ id: customerIdOf(customer.key), set: customer.set })));
      const spendChanged = written.filter((customer) => 'reportedSpend' in customer.set || 'reportedLastActive' in customer.set);
      const toRecompute = new Map<string, Types.ObjectId>();
      for (const id of [...adopted, ...spendChanged.map((customer) => customerIdOf(customer.key))]) toRecompute.set(id.toHexString(), id);
      await recomputeCustomerAggregates(models, redis, [...toRecompute.values()]);

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

async function upsertCustomers(models: Pick<Models, 'customers'>, customers: Array<{ key: string; set: Record<string, unknown> }>): Promise<Map<number, string>> {
  return bulkWriteInSlices(
    models.customers,
    customers.map(({ key, set }) => customerUpsertOf(key, set)),
  );
}
