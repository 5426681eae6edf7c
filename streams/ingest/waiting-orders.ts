import { Types } from 'mongoose';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import { customerIdOf } from '../../db/derived-ids.js';
import { findByIds } from '../../db/find-by-ids.js';
import type { Models } from '../../db/models.js';
import { recordInLedgers } from './ledger.js';

/** How an order names its customer, strongest first: our id, the integrator's id, the e-mail. */
export interface CustomerReference {
  customerId?: string | undefined;
  customerExternalId?: string | undefined;
  customerEmail?: string | undefined;
}

/** The reference an order waits under while its customer is unknown: `id:…`, `ext:…` or `email:…`. */
export function waitingRefOf(reference: CustomerReference): string {
  if (reference.customerId) return `id:${reference.customerId}`;
  if (reference.customerExternalId) return `ext:${reference.customerExternalId}`;
  return `email:${reference.customerEmail ?? ''}`;
}

/** The customer id a reference points at if that customer exists under the usual identity rule. */
function likelyIdOf(ref: string): Types.ObjectId {
  if (ref.startsWith('id:')) return new Types.ObjectId(ref.slice(3));
  return customerIdOf(ref); // `ext:x` and `email:x` are identity keys already
}

/**
 * Finds the customers that references name; returns waiting-ref → customer id. Ids are derived
 * from identity keys, so most references resolve by id lookups; only an e-mail whose customer is
 * keyed by an external id needs a query on the e-mail (the oldest such customer wins).
 */
export async function resolveCustomers(models: Pick<Models, 'customers'>, references: CustomerReference[]): Promise<Map<string, Types.ObjectId>> {
  const refs = [...new Set(references.map(waitingRefOf))];
  const candidates = new Map(refs.map((ref) => [likelyIdOf(ref).toHexString(), ref]));
  const found = await findByIds(models.customers, [...candidates.keys()].map((id) => new Types.ObjectId(id)), { _id: 1 });
  const resolved = new Map<string, Types.ObjectId>();
  for (const customer of found) {
    const ref = candidates.get(customer._id.toHexString());
    if (ref) resolved.set(ref, customer._id);
  }
  const unresolvedEmails = refs.filter((ref) => ref.startsWith('email:') && !resolved.has(ref)).map((ref) => ref.slice(6));
  if (unresolvedEmails.length > 0) {
    const byEmail = await models.customers.find({ email: { $in: unresolvedEmails } }, { _id: 1, email: 1 }).sort({ createdAt: 1 }).lean();
    for (const customer of byEmail) {
      const ref = `email:${customer.email ?? ''}`;
      if (!resolved.has(ref)) resolved.set(ref, customer._id);
    }
  }
  return resolved;
}

/**
 * Attaches waiting orders to customers that now exist. Called after customers are written (by the
 * customer consumer) and after orders are written (by the order consumer): whichever of a customer
 * and its early order is written second sees the first, so no order waits forever. Returns the ids
 * of customers that gained orders.
 */
export async function adoptWaitingOrders(
  models: Pick<Models, 'orders' | 'customerLedgers'>,
  customers: Array<{ id: Types.ObjectId; set: Record<string, unknown> }>,
): Promise<Types.ObjectId[]> {
  const customerByRef = new Map<string, Types.ObjectId>();
  for (const { id, set } of customers) {
    customerByRef.set(`id:${id.toHexString()}`, id);
    if (typeof set.externalId === 'string') customerByRef.set(`ext:${set.externalId}`, id);
    if (typeof set.email === 'string') customerByRef.set(`email:${set.email}`, id);
  }
  return attachOrders(models, customerByRef);
}

/** Sets the customer of every waiting order whose reference is in the map; returns the customers that gained orders. */
export async function attachOrders(models: Pick<Models, 'orders' | 'customerLedgers'>, customerByRef: Map<string, Types.ObjectId>): Promise<Types.ObjectId[]> {
  if (customerByRef.size === 0) return [];
  // All waiting orders, matched here: waiting orders are few, and a long `$in` list is slow on FerretDB.
  const waiting = await models.orders
    .find({ pendingCustomerRef: { $gt: '' } }, { _id: 1, key: 1, pendingCustomerRef: 1, amount: 1, status: 1, orderedAt: 1 })
    .lean();
  const adopted = waiting.flatMap((order) => {
    const customerId = order.pendingCustomerRef ? customerByRef.get(order.pendingCustomerRef) : undefined;
    return customerId ? [{ order, customerId }] : [];
  });
  if (adopted.length === 0) return [];
  // The ledger first: if we stop in between, the order still waits and is adopted again, harmlessly.
  await recordInLedgers(
    models,
    adopted.map(({ order, customerId }) => ({ customerId, orderKey: order.key, amount: order.amount, status: order.status, orderedAt: order.orderedAt })),
  );
  await bulkWriteInSlices(
    models.orders,
    adopted.map(({ order, customerId }) => ({
      updateOne: { filter: { _id: order._id }, update: { $set: { customerId, pendingCustomerRef: null } } },
    })),
  );
  return [...new Map(adopted.map(({ customerId }) => [customerId.toHexString(), customerId])).values()];
}
