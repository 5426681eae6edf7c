import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { CustomerDocument } from '../../db/models/customer.js';
import type { CustomerLedgerDocument, LedgerEntry } from '../../db/models/customer-ledger.js';

const uncountedStatuses = new Set(['cancelled', 'refunded']);

/** An order as its customer's ledger records it. */
export interface LedgerOrder {
  customerId: Types.ObjectId;
  orderKey: string;
  amount: number;
  status: string;
  orderedAt: Date;
}

/** A ledger entry on its way to a customer's ledger. */
export interface NamedLedgerEntry {
  customerId: Types.ObjectId;
  name: string;
  entry: LedgerEntry;
}

/** A customer's order aggregates, as stored on the customer. */
export type CustomerAggregates = Pick<CustomerDocument, 'orderSpend' | 'orderCount' | 'totalSpend' | 'firstOrderAt' | 'lastOrderAt' | 'lastActive'>;

// Ledger entries are field names: a hash keeps them free of dots and dollar signs, short, and never
// all digits (a leading letter), which a path would read as an array index.
function entryName(orderKey: string): string {
  return `o${createHash('sha256').update(orderKey).digest('hex').slice(0, 31)}`;
}

/** The entry an order contributes to its customer's ledger; the same order always gives the same name. */
export function ledgerEntryOf(order: LedgerOrder): NamedLedgerEntry {
  return {
    customerId: order.customerId,
    name: entryName(order.orderKey),
    entry: { amount: order.amount, counted: !uncountedStatuses.has(order.status), at: order.orderedAt },
  };
}

const roundCents = (value: number): number => Math.round(value * 100) / 100;

/**
 * A customer's aggregates from their ledger alone: derived, never incremented, so applying any entry
 * any number of times gives the same figures. Spend leaves out cancelled and refunded orders; the
 * integrator's reported spend and activity are added in.
 */
export function aggregatesOf(ledger: Pick<CustomerLedgerDocument, 'entries' | 'reported'>): CustomerAggregates {
  let orderSpend = 0;
  let orderCount = 0;
  let firstOrderAt: Date | null = null;
  let lastOrderAt: Date | null = null;
  for (const entry of Object.values(ledger.entries ?? {})) {
    const at = new Date(entry.at);
    if (entry.counted) orderSpend += entry.amount;
    orderCount += 1;
    if (!firstOrderAt || at < firstOrderAt) firstOrderAt = at;
    if (!lastOrderAt || at > lastOrderAt) lastOrderAt = at;
  }
  const reportedSpend = ledger.reported?.spend ?? 0;
  const reportedActive = ledger.reported?.lastActive ? new Date(ledger.reported.lastActive) : null;
  const lastActive = !lastOrderAt ? reportedActive : !reportedActive || lastOrderAt > reportedActive ? lastOrderAt : reportedActive;
  return { orderSpend: roundCents(orderSpend), orderCount, totalSpend: roundCents(reportedSpend + orderSpend), firstOrderAt, lastOrderAt, lastActive };
}
