import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Types } from 'mongoose';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import { findByIds } from '../../db/find-by-ids.js';
import type { Models } from '../../db/models.js';

/** How long a recomputation may hold a customer; a consumer that dies holding it blocks others no longer. */
const lockTtlMs = 30_000;
const lockRetryMs = 100;

// Deletes a lock only if this consumer still holds it (it may have expired and been taken since).
const releaseScript = `
local released = 0
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    released = released + 1
  end
end
return released
`;

interface Aggregates {
  orderSpend: number;
  orderCount: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

function lockKey(id: Types.ObjectId): string {
  return `ingest:aggregate-lock:${id.toHexString()}`;
}

/**
 * Recomputes the order aggregates of some customers from their ledgers. Derived, never
 * incremented: replaying any entry any number of times gives the same result.
 *
 * Two consumers recomputing one customer at once could let the one that read earlier write last,
 * losing an order. So each customer is recomputed under a short Redis lock, and a caller always
 * recomputes after its own writes, waiting its turn: the last recomputation of a customer starts
 * after the last write to its orders, and sees them all. Locks are taken without waiting while
 * holding others (whatever is free now is done now, the rest next round), so consumers cannot
 * deadlock. The writes filter on `_id` alone, the lookup every backend serves from an index.
 */
export async function recomputeCustomerAggregates(models: Pick<Models, 'customers' | 'customerLedgers'>, redis: Redis, customerIds: Types.ObjectId[]): Promise<void> {
  const token = randomUUID();
  let waiting = [...new Map(customerIds.map((id) => [id.toHexString(), id])).values()];
  const deadline = Date.now() + 2 * lockTtlMs;
  while (waiting.length > 0) {
    const pipeline = redis.pipeline();
    for (const id of waiting) pipeline.set(lockKey(id), token, 'PX', lockTtlMs, 'NX');
    const results = (await pipeline.exec()) ?? [];
    const held = waiting.filter((_, index) => results[index]?.[1] === 'OK');
    waiting = waiting.filter((_, index) => results[index]?.[1] !== 'OK');
    if (held.length > 0) {
      try {
        await writeAggregates(models, held);
      } finally {
        await redis.eval(releaseScript, held.length, ...held.map(lockKey), token);
      }
    }
    if (waiting.length > 0) {
      if (Date.now() > deadline) throw new Error(`customer aggregates stayed locked for ${2 * lockTtlMs} ms`);
      await sleep(lockRetryMs);
    }
  }
}

async function writeAggregates(models: Pick<Models, 'customers' | 'customerLedgers'>, customerIds: Types.ObjectId[]): Promise<void> {
  const [customers, ledgers] = await Promise.all([
    findByIds(models.customers, customerIds, { reportedSpend: 1, reportedLastActive: 1 }),
    findByIds(models.customerLedgers, customerIds, { entries: 1 }),
  ]);
  const byCustomer = new Map<string, Aggregates>();
  for (const ledger of ledgers) {
    const aggregates: Aggregates = { orderSpend: 0, orderCount: 0, firstOrderAt: null, lastOrderAt: null };
    for (const entry of Object.values(ledger.entries ?? {})) {
      const at = new Date(entry.at);
      if (entry.counted) aggregates.orderSpend += entry.amount;
      aggregates.orderCount += 1;
      if (!aggregates.firstOrderAt || at < aggregates.firstOrderAt) aggregates.firstOrderAt = at;
      if (!aggregates.lastOrderAt || at > aggregates.lastOrderAt) aggregates.lastOrderAt = at;
    }
    byCustomer.set(ledger._id.toHexString(), aggregates);
  }
  await bulkWriteInSlices(
    models.customers,
    customers.map((customer) => {
      const aggregates = byCustomer.get(customer._id.toHexString()) ?? { orderSpend: 0, orderCount: 0, firstOrderAt: null, lastOrderAt: null };
      const orderSpend = Math.round(aggregates.orderSpend * 100) / 100;
      const reported = customer.reportedLastActive ?? null;
      const lastActive = !aggregates.lastOrderAt ? reported : !reported || aggregates.lastOrderAt > reported ? aggregates.lastOrderAt : reported;
      return {
        updateOne: {
          filter: { _id: customer._id },
          update: { $set: { ...aggregates, orderSpend, totalSpend: Math.round(((customer.reportedSpend ?? 0) + orderSpend) * 100) / 100, lastActive } },
        },
      };
    }),
  );
}
