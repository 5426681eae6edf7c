// The baseline the ingestion pipeline is compared with: the same documents upserted straight into the
// database with the call the consumers use (bulkWriteInSlices, filter by `_id`), nothing else. The update
// shapes come from the consumers themselves (customerUpsertOf, orderFieldsOf), so they cannot drift apart.

import { bulkWriteInSlices, type BulkOperations } from '../db/bulk-write.js';
import { customerIdOf, orderIdOf } from '../db/derived-ids.js';
import type { CustomerDocument } from '../db/models/customer.js';
import type { OrderDocument } from '../db/models/order.js';
import { openDatabase } from '../db/open.js';
import type { DemoData } from '../domain/demo/demo-data.js';
import { customerIdentityKey, customerInputSchema, type CustomerInput } from '../domain/ingest/customer-input.js';
import { orderInputSchema, type OrderInput } from '../domain/ingest/order-input.js';
import { customerUpsertOf, profileOf } from '../streams/ingest/customer-consumer.js';
import { orderFieldsOf } from '../streams/ingest/order-consumer.js';

/** Records per bulk write: what one consumer batch holds (10 chunks of 500). */
const recordsPerBatch = 5_000;

/** How long the raw upserts took, per kind (writes only: generating and parsing are not timed). */
export interface RawUpsertTimings {
  customers: { records: number; seconds: number };
  orders: { records: number; seconds: number };
  perSecond: number;
}

/**
 * Upserts every customer and then every order of `data` into a scratch database on the same server
 * (models, and so indexes, as the app's), sequentially in consumer-sized batches, and drops it after.
 */
export async function measureRawUpserts(scratchUri: string, data: DemoData, signal: AbortSignal): Promise<RawUpsertTimings> {
  const database = await openDatabase(scratchUri);
  try {
    const customers = await timeBatches(data.customers(), signal, async (records) => {
      const operations = records.map((record) => customerUpsert(customerInputSchema.parse(record)));
      return timed(() => bulkWriteInSlices(database.models.customers, operations));
    });
    const orders = await timeBatches(data.orders(), signal, async (records) => {
      const operations = records.map((record) => orderUpsert(orderInputSchema.parse(record)));
      return timed(() => bulkWriteInSlices(database.models.orders, operations));
    });
    const records = customers.records + orders.records;
    return { customers, orders, perSecond: records / (customers.seconds + orders.seconds) };
  } finally {
    await database.connection.dropDatabase().catch(() => {});
    await database.close();
  }
}

/** Feeds `records` to `write` in batches and adds up the seconds `write` reports. */
async function timeBatches(records: Iterator<unknown>, signal: AbortSignal, write: (batch: unknown[]) => Promise<number>): Promise<{ records: number; seconds: number }> {
  let count = 0;
  let seconds = 0;
  for (;;) {
    signal.throwIfAborted();
    const batch: unknown[] = [];
    for (let next = records.next(); !next.done; next = records.next()) {
      batch.push(next.value);
      if (batch.length === recordsPerBatch) break;
    }
    if (batch.length === 0) return { records: count, seconds };
    seconds += await write(batch);
    count += batch.length;
  }
}

/** Runs a bulk write and returns its duration in seconds; any refused document invalidates the baseline. */
async function timed(write: () => Promise<Map<number, string>>): Promise<number> {
  const startedAt = performance.now();
  const refused = await write();
  const seconds = (performance.now() - startedAt) / 1000;
  const [first] = refused.values();
  if (first !== undefined) throw new Error(`the raw upsert baseline had ${refused.size} refused documents, e.g. ${first}`);
  return seconds;
}

// The same update shapes the consumers send, so the baseline measures the writes and nothing else.
function customerUpsert(input: CustomerInput): BulkOperations<CustomerDocument>[number] {
  return customerUpsertOf(customerIdentityKey(input), profileOf(input));
}

function orderUpsert(input: OrderInput): BulkOperations<OrderDocument>[number] {
  if (!input.orderId || !input.customerExternalId) throw new Error('demo orders carry orderId and customerExternalId');
  const key = `order:${input.orderId}`;
  const fields = orderFieldsOf(input);
  return {
    updateOne: {
      filter: { _id: orderIdOf(key) },
      update: {
        $set: fields,
        $setOnInsert: {
          key,
          orderId: input.orderId,
          // The pipeline links an order to its customer when the customer is already stored; here it always is.
          customerId: customerIdOf(`ext:${input.customerExternalId}`),
          pendingCustomerRef: null,
          ingestionId: 'bench-raw-upserts',
          ...('orderedAt' in fields ? {} : { orderedAt: new Date() }),
          ...('status' in fields ? {} : { status: 'placed' }),
        },
      },
      upsert: true,
    },
  };
}
