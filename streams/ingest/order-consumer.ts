import type { Redis } from 'ioredis';
import type { Types } from 'mongoose';
import { orderInputSchema, type OrderInput } from '../../domain/ingest/order-input.js';
import type { Models } from '../../db/models.js';
import type { StreamConsumer } from '../consumer-runner.js';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import { orderIdOf } from '../../db/derived-ids.js';
import { findByIds } from '../../db/find-by-ids.js';
import { chunkOutcomes, deadLetterRecords, unpackChunks, type ChunkRecord, type DeadRecord } from './chunk-records.js';
import { recomputeCustomerAggregates } from './customer-aggregates.js';
import { ingestChunkSchema, ingestStreams, type IngestChunk } from './ingest-streams.js';
import { countChunks } from './ingestion-progress.js';
import { recordInLedgers } from './ledger.js';
import { attachOrders, resolveCustomers, waitingRefOf } from './waiting-orders.js';

const chunksPerBatch = 10;

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

/**
 * Persists orders: one upsert per order key (fixed at the API), linked to its customer when the
 * customer is known, else kept waiting under its reference. Then recomputes the aggregates of every
 * customer the batch touched, from the orders collection, so nothing is ever counted twice.
 */
export function orderConsumer(models: Pick<Models, 'customers' | 'customerLedgers' | 'orders' | 'ingestions'>, redis: Redis, now: () => Date = () => new Date()): StreamConsumer<IngestChunk> {
  const stream = ingestStreams.orders;
  return {
    stream,
    group: 'drumbeat-ingest-orders',
    schema: ingestChunkSchema,
    batchSize: chunksPerBatch,
    async handle(batch) {
      const chunks = batch.map(({ value }) => value);
      const { records, dead } = unpackChunks(chunks, orderInputSchema);
      const keyed: Array<ChunkRecord<OrderInput> & { key: string }> = [];
      for (const record of records) {
        const key = record.key ?? (record.value.orderId ? `order:${record.value.orderId}` : undefined);
        if (key) keyed.push({ ...record, key });
        else dead.push({ ...record, reason: 'the order has no identity key', value: record.value } satisfies DeadRecord);
      }
      // The same order twice in one batch: the later record wins, as it would across batches.
      const latest = [...new Map(keyed.map((record) => [record.key, record])).values()];

      const resolved = await resolveCustomers(models, latest.map((record) => record.value));
      const receivedAt = now();
      const refused = await upsertOrders(models, latest, resolved, receivedAt);
      for (const [position, reason] of refused) {
        const record = latest[position];
        if (record) dead.push({ ...record, reason, value: record.value });
      }
      const written = latest.filter((_, position) => !refused.has(position));

      // Orders written as waiting may have raced their customer's arrival: look once more.
      const stillWaiting = written.filter((record) => !resolved.has(waitingRefOf(record.value)));
      const lateCustomers = await resolveCustomers(models, stillWaiting.map((record) => record.value));
      const adoptedBy = await attachOrders(models, lateCustomers);

      const linked = written.flatMap((record) => {
        const customerId = resolved.get(waitingRefOf(record.value));
        return customerId ? [{ record, customerId }] : [];
      });
      // A record without status or time left the stored ones as they were: read those back.
      const partial = linked.filter(({ record }) => !record.value.status || !record.value.orderedAt).map(({ record }) => orderIdOf(record.key));
      const stored = new Map((await findByIds(models.orders, partial, { status: 1, orderedAt: 1 })).map((order) => [order._id.toHexString(), order]));
      await recordInLedgers(
        models,
        linked.map(({ record, customerId }) => {
          const current = stored.get(orderIdOf(record.key).toHexString());
          return {
            customerId,
            orderKey: record.key,
            amount: record.value.amount,
            status: record.value.status ?? current?.status ?? 'placed',
            orderedAt: record.value.orderedAt ?? current?.orderedAt ?? receivedAt,
          };
        }),
      );
      const touched = new Map<string, Types.ObjectId>();
      for (const { customerId } of linked) touched.set(customerId.toHexString(), customerId);
      for (const id of adoptedBy) touched.set(id.toHexString(), id);
      await recomputeCustomerAggregates(models, redis, [...touched.values()]);

      await deadLetterRecords(redis, stream, dead);
      await countChunks(models, chunkOutcomes(chunks, dead));
    },
  };
}

async function upsertOrders(
  models: Pick<Models, 'orders'>,
  records: Array<ChunkRecord<OrderInput> & { key: string }>,
  resolved: Map<string, Types.ObjectId>,
  receivedAt: Date,
): Promise<Map<number, string>> {
  return bulkWriteInSlices(
    models.orders,
    records.map((record) => {
      const ref = waitingRefOf(record.value);
      const customerId = resolved.get(ref) ?? null;
      const fields = orderFieldsOf(record.value);
      return {
        updateOne: {
          // By the id derived from the order's key: the one filter every backend serves from its primary index.
          filter: { _id: orderIdOf(record.key) },
          update: {
            $set: fields,
            $setOnInsert: {
              key: record.key,
              orderId: record.value.orderId ?? null,
              customerId,
              pendingCustomerRef: customerId ? null : ref,
              ingestionId: record.ingestionId,
              // An order sent without a time happened when we first heard of it.
              ...('orderedAt' in fields ? {} : { orderedAt: receivedAt }),
              ...('status' in fields ? {} : { status: 'placed' }),
            },
          },
          upsert: true,
        },
      };
    }),
  );
}
