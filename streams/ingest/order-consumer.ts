import type { Redis } from 'ioredis';
import type { Types } from 'mongoose';
import { orderInputSchema, type OrderInput } from '../../domain/ingest/order-input.js';
import type { Models } from '../../db/models.js';
import type { StreamConsumer } from '../consumer-runner.js';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import { orderIdOf } from '../../db/derived-ids.js';
import { findByIds } from '../../db/find-by-ids.js';
import { insertNew } from '../../db/insert-new.js';
import { queueLedgerEntries } from './aggregation-queue.js';
import { attributeOrders } from '../../delivery/conversions.js';
import { chunkOutcomes, deadLetterRecords, unpackChunks, type ChunkRecord, type DeadRecord } from './chunk-records.js';
import { ingestChunkSchema, ingestStreams, type IngestChunk } from './ingest-streams.js';
import { countChunks } from './ingestion-progress.js';
import { ledgerEntryOf } from './ledger.js';
import { adoptWaitingOrders, customerRefOf, noteWaitingEmails, resolveCustomerIds } from './waiting-orders.js';

const chunksPerBatch = 10;

type KeyedRecord = ChunkRecord<OrderInput> & { key: string };

/** What an order record changes on its document; the customer link is set once, at insert or adoption. */
export function orderFieldsOf(input: OrderInput): Record<string, unknown> {
  return {
    amount: input.amount,
    currency: input.currency ?? null,
    // No status sent means "unchanged", not "placed": a re-sent paid order must not move backwards.
    ...(input.status ? { status: input.status } : {}),
    ...(input.orderedAt ? { orderedAt: input.orderedAt } : {}),
    items: (input.items ?? []).map((item) => ({
      sku: item.sku ?? null,
      name: item.name ?? null,
      category: item.category ?? null,
      quantity: item.quantity,
      price: item.price,
    })),
  };
}

/** The whole document of an order seen for the first time. */
export function newOrderDocument(record: KeyedRecord, customerId: Types.ObjectId | null, receivedAt: Date): Record<string, unknown> {
  return {
    _id: orderIdOf(record.key),
    key: record.key,
    orderId: record.value.orderId ?? null,
    customerId,
    customerRef: customerRefOf(record.value),
    pendingCustomerRef: customerId ? null : customerRefOf(record.value),
    // An order sent without a time happened when we first heard of it.
    status: 'placed',
    orderedAt: receivedAt,
    ...orderFieldsOf(record.value),
    ingestionId: record.ingestionId,
    createdAt: receivedAt,
    updatedAt: receivedAt,
  };
}

/**
 * Persists orders: new ones in one insert, known ones (a re-send, a correction) by an upsert of
 * the fields sent. Each order's ledger entry is queued for its customer, whose aggregates the
 * aggregator then recomputes (streams/ingest/customer-aggregates.ts): the customer may arrive later,
 * the entry waits under their id. An order naming an unknown e-mail waits by reference instead.
 */
export function orderConsumer(
  models: Pick<Models, 'customers' | 'orders' | 'ingestions' | 'campaignConversions'>,
  redis: Redis,
  options: { conversionWindowMs: number; now?: () => Date },
): StreamConsumer<IngestChunk> {
  const now = options.now ?? (() => new Date());
  const stream = ingestStreams.orders;
  return {
    stream,
    group: 'drumbeat-ingest-orders',
    schema: ingestChunkSchema,
    batchSize: chunksPerBatch,
    async handle(batch) {
      const chunks = batch.map(({ value }) => value);
      const { records, dead } = unpackChunks(chunks, orderInputSchema);
      const keyed: KeyedRecord[] = [];
      for (const record of records) {
        const key = record.key ?? (record.value.orderId ? `order:${record.value.orderId}` : undefined);
        if (key) keyed.push({ ...record, key });
        else dead.push({ ...record, reason: 'the order has no identity key', value: record.value } satisfies DeadRecord);
      }
      // The same order twice in one batch: the later record wins, as it would across batches.
      const latest = [...new Map(keyed.map((record) => [record.key, record])).values()];

      const refs = latest.map((record) => customerRefOf(record.value));
      const resolved = await resolveCustomerIds(models, refs);
      await noteWaitingEmails(redis, refs.filter((ref) => !resolved.has(ref)));
      const receivedAt = now();
      const { written, refused, stored } = await writeOrders(models, latest, resolved, receivedAt);
      for (const [position, reason] of refused) {
        const record = latest[position];
        if (record) dead.push({ ...record, reason, value: record.value });
      }

      const ledgerOrders = written.flatMap((record) => {
        const customerId = resolved.get(customerRefOf(record.value));
        if (!customerId) return [];
        const current = stored.get(orderIdOf(record.key).toHexString());
        return [
          {
            customerId,
            orderKey: record.key,
            amount: record.value.amount,
            status: record.value.status ?? current?.status ?? 'placed',
            orderedAt: record.value.orderedAt ?? current?.orderedAt ?? receivedAt,
          },
        ];
      });
      const entries = ledgerOrders.map(ledgerEntryOf);
      await queueLedgerEntries(redis, entries);
      // Orders that follow a campaign message within the window are that message's conversions.
      await attributeOrders(
        models,
        redis,
        ledgerOrders.map((order, index) => ({ ...order, counted: entries[index]?.entry.counted ?? true })),
        options.conversionWindowMs,
      );
      // Orders written as waiting may have raced their customer's arrival: look once more.
      const waitingRefs = [...new Set(written.map((record) => customerRefOf(record.value)).filter((ref) => !resolved.has(ref)))];
      if (waitingRefs.length > 0) await adoptWaitingOrders(models, redis, await resolveCustomerIds(models, waitingRefs));

      await deadLetterRecords(redis, stream, dead);
      await countChunks(models, chunkOutcomes(chunks, dead));
    },
  };
}

/**
 * Inserts the batch's orders; the ones already stored are upserted with the fields sent. Returns the
 * orders written, the refused ones by position, and for re-sent orders without a status or a time,
 * the stored ones (their ledger entries keep what is stored).
 */
async function writeOrders(models: Pick<Models, 'orders'>, records: KeyedRecord[], resolved: Map<string, Types.ObjectId>, receivedAt: Date) {
  const customerOf = (record: KeyedRecord): Types.ObjectId | null => resolved.get(customerRefOf(record.value)) ?? null;
  const inserted = await insertNew(
    models.orders,
    records.map((record) => newOrderDocument(record, customerOf(record), receivedAt)),
  );
  const refused = new Map(inserted.refused);
  const known = inserted.duplicates.flatMap((position) => (records[position] ? [{ position, record: records[position] }] : []));
  const upsertRefused = await bulkWriteInSlices(
    models.orders,
    known.map(({ record }) => {
      const { _id: _ignored, ...insertOnly } = newOrderDocument(record, customerOf(record), receivedAt);
      const fields = orderFieldsOf(record.value);
      for (const field of [...Object.keys(fields), 'createdAt', 'updatedAt']) delete insertOnly[field];
      return { updateOne: { filter: { _id: orderIdOf(record.key) }, update: { $set: fields, $setOnInsert: insertOnly }, upsert: true } };
    }),
  );
  for (const [index, reason] of upsertRefused) {
    const entry = known[index];
    if (entry) refused.set(entry.position, reason);
  }
  const written = records.filter((_, position) => !refused.has(position));
  // A re-sent order without status or time left the stored ones as they were: read those back.
  const partial = known.filter(({ record, position }) => !refused.has(position) && (!record.value.status || !record.value.orderedAt));
  const storedRows = await findByIds(models.orders, partial.map(({ record }) => orderIdOf(record.key)), { status: 1, orderedAt: 1 });
  const stored = new Map(storedRows.map((order) => [order._id.toHexString(), order]));
  return { written, refused, stored };
}
