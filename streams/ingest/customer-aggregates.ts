import type { Redis } from 'ioredis';
import type { Types } from 'mongoose';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import type { Models } from '../../db/models.js';

const uncountedStatuses = new Set(['cancelled', 'refunded']);

/** Redis counter that orders aggregate recomputations across every consumer process. */
export const aggregateGenerationKey = 'ingest:aggregate-generation';

interface Aggregates {
  orderSpend: number;
  orderCount: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

/**
 * Recomputes the order aggregates of some customers from the orders collection and writes them with
 * one bulk write. Derived, never incremented: replaying any entry any number of times gives the same
 * result. Concurrent consumers are ordered by a generation drawn from Redis *before* reading: a write
 * is applied only over an older generation, and the newest recomputation read after every order that
 * existed when it started, so the last write standing is always complete.
 */
export async function recomputeCustomerAggregates(models: Pick<Models, 'customers' | 'orders'>, redis: Redis, customerIds: Types.ObjectId[]): Promise<void> {
  if (customerIds.length === 0) return;
  const generation = await redis.incr(aggregateGenerationKey);
  const [customers, orders] = await Promise.all([
    models.customers.find({ _id: { $in: customerIds } }, { reportedSpend: 1, reportedLastActive: 1 }).lean(),
    models.orders.find({ customerId: { $in: customerIds } }, { customerId: 1, amount: 1, status: 1, orderedAt: 1 }).lean(),
  ]);
  const byCustomer = new Map<string, Aggregates>();
  for (const order of orders) {
    const id = order.customerId?.toHexString();
    if (!id) continue;
    const aggregates = byCustomer.get(id) ?? { orderSpend: 0, orderCount: 0, firstOrderAt: null, lastOrderAt: null };
    if (!uncountedStatuses.has(order.status)) aggregates.orderSpend += order.amount;
    aggregates.orderCount += 1;
    if (!aggregates.firstOrderAt || order.orderedAt < aggregates.firstOrderAt) aggregates.firstOrderAt = order.orderedAt;
    if (!aggregates.lastOrderAt || order.orderedAt > aggregates.lastOrderAt) aggregates.lastOrderAt = order.orderedAt;
    byCustomer.set(id, aggregates);
  }
  if (customers.length === 0) return;
  await bulkWriteInSlices(
    models.customers,
    customers.map((customer) => {
      const aggregates = byCustomer.get(customer._id.toHexString()) ?? { orderSpend: 0, orderCount: 0, firstOrderAt: null, lastOrderAt: null };
      const orderSpend = Math.round(aggregates.orderSpend * 100) / 100;
      const reported = customer.reportedLastActive;
      const lastActive = !aggregates.lastOrderAt ? reported : !reported || aggregates.lastOrderAt > reported ? aggregates.lastOrderAt : reported;
      return {
        updateOne: {
          filter: { _id: customer._id, aggregateGeneration: { $lt: generation } },
          update: {
            $set: {
              ...aggregates,
              orderSpend,
              totalSpend: Math.round((customer.reportedSpend + orderSpend) * 100) / 100,
              lastActive,
              aggregateGeneration: generation,
            },
          },
        },
      };
    }),
  );
}
