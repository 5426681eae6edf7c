import { Types } from 'mongoose';
import { bulkWriteInSlices } from '../../db/bulk-write.js';
import type { Models } from '../../db/models.js';

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

/**
 * Finds the customers that references name, in one query; returns waiting-ref → customer id.
 * An e-mail shared by several customers resolves to the oldest of them.
 */
export async function resolveCustomers(models: Pick<Models, 'customers'>, references: CustomerReference[]): Promise<Map<string, Types.ObjectId>> {
  const ids = new Set<string>();
  const externalIds = new Set<string>();
  const emails = new Set<string>();
  for (const reference of references) {
    if (reference.customerId) ids.add(reference.customerId);
    else if (reference.customerExternalId) externalIds.add(reference.customerExternalId);
    else if (reference.customerEmail) emails.add(reference.customerEmail);
  }
  const clauses: Array<Record<string, unknown>> = [];
  if (ids.size > 0) clauses.push({ _id: { $in: [...ids].map((id) => new Types.ObjectId(id)) } });
  if (externalIds.size > 0) clauses.push({ externalId: { $in: [...externalIds] } });
  if (emails.size > 0) clauses.push({ email: { $in: [...emails] } });
  const resolved = new Map<string, Types.ObjectId>();
  if (clauses.length === 0) return resolved;
  const customers = await models.customers.find({ $or: clauses }, { _id: 1, externalId: 1, email: 1 }).sort({ createdAt: 1 }).lean();
  for (const customer of customers) {
    const id = customer._id.toHexString();
    if (ids.has(id)) resolved.set(`id:${id}`, customer._id);
    if (customer.externalId && externalIds.has(customer.externalId)) resolved.set(`ext:${customer.externalId}`, customer._id);
    const emailRef = `email:${customer.email ?? ''}`;
    if (customer.email && emails.has(customer.email) && !resolved.has(emailRef)) resolved.set(emailRef, customer._id);
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
  models: Pick<Models, 'orders'>,
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
export async function attachOrders(models: Pick<Models, 'orders'>, customerByRef: Map<string, Types.ObjectId>): Promise<Types.ObjectId[]> {
  if (customerByRef.size === 0) return [];
  const waiting = await models.orders.find({ pendingCustomerRef: { $in: [...customerByRef.keys()] } }, { _id: 1, pendingCustomerRef: 1 }).lean();
  const gained = new Map<string, Types.ObjectId>();
  const updates = waiting.flatMap((order) => {
    const customerId = order.pendingCustomerRef ? customerByRef.get(order.pendingCustomerRef) : undefined;
    if (!customerId) return [];
    gained.set(customerId.toHexString(), customerId);
    return [
      {
        updateOne: {
          // Only while still waiting: a concurrent adoption by the other consumer is not undone.
          filter: { _id: order._id, pendingCustomerRef: order.pendingCustomerRef },
          update: { $set: { customerId, pendingCustomerRef: null } },
        },
      },
    ];
  });
  await bulkWriteInSlices(models.orders, updates);
  return [...gained.values()];
}
