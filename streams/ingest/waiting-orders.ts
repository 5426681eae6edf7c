import type { Redis } from 'ioredis';
import { Types } from 'mongoose';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import { customerIdOf } from '../../db/derived-ids.js';
import { findByIds } from '../../db/find-by-ids.js';
import type { Models } from '../../db/models.js';
import { queueLedgerEntries } from './aggregation-queue.js';
import { ledgerEntryOf } from './ledger.js';

/** How an order names its customer, strongest first: our id, the integrator's id, the e-mail. */
export interface CustomerReference {
  customerId?: string | undefined;
  customerExternalId?: string | undefined;
  customerEmail?: string | undefined;
}

/** The reference as one string: `id:…`, `ext:…` or `email:…`. */
export function customerRefOf(reference: CustomerReference): string {
  if (reference.customerId) return `id:${reference.customerId}`;
  if (reference.customerExternalId) return `ext:${reference.customerExternalId}`;
  return `email:${reference.customerEmail ?? ''}`;
}

/**
 * E-mails that waiting orders name: a hint for the customer consumer, which looks for waiting
 * orders only when a stored customer's e-mail is here. Added before an order is written as waiting,
 * removed only by adoption, so it never misses one.
 */
const waitingEmailsKey = 'ingest:waiting-emails';

/**
 * The customer ids that references name. Our id and the integrator's id give the id directly (ids
 * are derived from identity keys), whether or not that customer is stored yet: the order's ledger
 * entry simply waits under that id for them. An e-mail resolves to the stored customer with that
 * e-mail (keyed by it, else found by it, the oldest first); an unknown e-mail is left out, and its
 * orders wait by reference (see adoptWaitingOrders).
 */
export async function resolveCustomerIds(models: Pick<Models, 'customers'>, refs: string[]): Promise<Map<string, Types.ObjectId>> {
  const resolved = new Map<string, Types.ObjectId>();
  const emails: string[] = [];
  for (const ref of new Set(refs)) {
    if (ref.startsWith('id:')) resolved.set(ref, new Types.ObjectId(ref.slice(3)));
    else if (ref.startsWith('ext:')) resolved.set(ref, customerIdOf(ref));
    else emails.push(ref);
  }
  if (emails.length === 0) return resolved;
  const keyedByEmail = await findByIds(models.customers, emails.map(customerIdOf), { _id: 1, email: 1 });
  for (const customer of keyedByEmail) resolved.set(`email:${customer.email ?? ''}`, customer._id);
  const unresolved = emails.filter((ref) => !resolved.has(ref)).map((ref) => ref.slice('email:'.length));
  if (unresolved.length > 0) {
    // Only for e-mails of customers keyed by an external id: a query FerretDB answers by scanning.
    const byEmail = await models.customers.find({ email: { $in: unresolved } }, { _id: 1, email: 1 }).sort({ createdAt: 1 }).lean();
    for (const customer of byEmail) {
      const ref = `email:${customer.email ?? ''}`;
      if (!resolved.has(ref)) resolved.set(ref, customer._id);
    }
  }
  return resolved;
}

/** Notes e-mails that orders are about to wait under (before those orders are written). */
export async function noteWaitingEmails(redis: Redis, refs: string[]): Promise<void> {
  const emails = [...new Set(refs.filter((ref) => ref.startsWith('email:')))];
  if (emails.length > 0) await redis.sadd(waitingEmailsKey, ...emails);
}

/** Of these customers, the ones whose e-mail some waiting order names, as `email:…` → customer id. */
export async function customersAwaitedByEmail(redis: Redis, customers: Array<{ id: Types.ObjectId; email: unknown }>): Promise<Map<string, Types.ObjectId>> {
  const withEmail = customers.filter((customer): customer is { id: Types.ObjectId; email: string } => typeof customer.email === 'string' && customer.email !== '');
  if (withEmail.length === 0) return new Map();
  const awaited = await redis.smismember(waitingEmailsKey, ...withEmail.map((customer) => `email:${customer.email}`));
  return new Map(withEmail.filter((_, index) => awaited[index] === 1).map((customer) => [`email:${customer.email}`, customer.id]));
}

/**
 * Gives waiting orders their customer: queues their ledger entries, then links the orders, then
 * drops the hint. Called by the customer consumer when an awaited customer arrives, and by the order
 * consumer when a customer arrived while it wrote waiting orders; whichever runs second sees the
 * first, and doing it twice is harmless (entries are set by name).
 */
export async function adoptWaitingOrders(models: Pick<Models, 'orders'>, redis: Redis, customerByRef: Map<string, Types.ObjectId>): Promise<void> {
  if (customerByRef.size === 0) return;
  const refs = [...customerByRef.keys()];
  const waiting = await models.orders.find({ pendingCustomerRef: { $in: refs } }, { _id: 1, key: 1, pendingCustomerRef: 1, amount: 1, status: 1, orderedAt: 1 }).lean();
  const adopted = waiting.flatMap((order) => {
    const customerId = order.pendingCustomerRef ? customerByRef.get(order.pendingCustomerRef) : undefined;
    return customerId ? [{ order, customerId }] : [];
  });
  // Entries first: if we stop in between, the orders still wait and are adopted again.
  await queueLedgerEntries(
    redis,
    adopted.map(({ order, customerId }) => ledgerEntryOf({ customerId, orderKey: order.key, amount: order.amount, status: order.status, orderedAt: order.orderedAt })),
  );
  await bulkWriteInSlices(
    models.orders,
    adopted.map(({ order, customerId }) => ({ updateOne: { filter: { _id: order._id }, update: { $set: { customerId, pendingCustomerRef: null } } } })),
  );
  await redis.srem(waitingEmailsKey, ...refs);
}
