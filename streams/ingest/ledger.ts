import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import type { Models } from '../../db/models.js';

const uncountedStatuses = new Set(['cancelled', 'refunded']);

/** An order as its customer's ledger records it. */
export interface LedgerOrder {
  customerId: Types.ObjectId;
  orderKey: string;
  amount: number;
  status: string;
  orderedAt: Date;
}

// Ledger entries are field names: a hash keeps them free of dots and dollar signs and short.
function entryName(orderKey: string): string {
  return createHash('sha256').update(orderKey).digest('hex').slice(0, 32);
}

/** Writes orders into their customers' ledgers, one upsert per customer; writing the same order again changes nothing. */
export async function recordInLedgers(models: Pick<Models, 'customerLedgers'>, orders: LedgerOrder[]): Promise<void> {
  const byCustomer = new Map<string, { id: Types.ObjectId; set: Record<string, unknown> }>();
  for (const order of orders) {
    const entry = byCustomer.get(order.customerId.toHexString()) ?? { id: order.customerId, set: {} };
    entry.set[`entries.${entryName(order.orderKey)}`] = { amount: order.amount, counted: !uncountedStatuses.has(order.status), at: order.orderedAt };
    byCustomer.set(order.customerId.toHexString(), entry);
  }
  await bulkWriteInSlices(
    models.customerLedgers,
    [...byCustomer.values()].map(({ id, set }) => ({ updateOne: { filter: { _id: id }, update: { $set: set }, upsert: true } })),
  );
}
