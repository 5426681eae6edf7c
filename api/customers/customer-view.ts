import type { Types } from 'mongoose';
import type { CustomerDocument } from '../../db/models/customer.js';
import type { OrderDocument, OrderItem } from '../../db/models/order.js';
import type { CustomerSummary, OrderItemView, OrderView } from '../../domain/customers.js';

// FerretDB 1.24 drops null and [] from $setOnInsert, so a stored document may lack any field that was
// empty when it was created: the views read every field as possibly absent and answer null or [] instead.

/** A document as stored: only the id is certain. */
export type Stored<T extends { _id: Types.ObjectId }> = Partial<T> & Pick<T, '_id'>;

function isoOrNull(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** A customer as the API lists them. */
export function toCustomerSummary(row: Stored<CustomerDocument>): CustomerSummary {
  return {
    id: row._id.toHexString(),
    externalId: row.externalId ?? null,
    email: row.email ?? null,
    name: row.name ?? null,
    phone: row.phone ?? null,
    city: row.city ?? null,
    tags: row.tags ?? [],
    attributes: row.attributes ?? {},
    visits: row.visits ?? 0,
    totalSpend: row.totalSpend ?? 0,
    orderCount: row.orderCount ?? 0,
    firstOrderAt: isoOrNull(row.firstOrderAt),
    lastOrderAt: isoOrNull(row.lastOrderAt),
    lastActive: isoOrNull(row.lastActive),
    signedUpAt: isoOrNull(row.signedUpAt),
    // Written by every upsert (mongoose timestamps); the fallbacks only keep a hand-made document readable.
    createdAt: (row.createdAt ?? row.updatedAt ?? new Date(0)).toISOString(),
  };
}

function toOrderItemView(item: Partial<OrderItem>): OrderItemView {
  return {
    sku: item.sku ?? null,
    name: item.name ?? null,
    category: item.category ?? null,
    quantity: item.quantity ?? 1,
    price: item.price ?? 0,
  };
}

/** An order as the API shows it; `waitingFor` is the customer reference of an order whose customer is not stored yet. */
export function toOrderView(row: Stored<OrderDocument>, customerStored: boolean): OrderView {
  return {
    id: row._id.toHexString(),
    orderId: row.orderId ?? null,
    customerId: customerStored && row.customerId ? row.customerId.toHexString() : null,
    waitingFor: customerStored ? null : (row.customerRef ?? row.pendingCustomerRef ?? null),
    amount: row.amount ?? 0,
    currency: row.currency ?? null,
    status: row.status ?? 'placed',
    orderedAt: (row.orderedAt ?? row.createdAt ?? new Date(0)).toISOString(),
    items: (row.items ?? []).map(toOrderItemView),
  };
}
