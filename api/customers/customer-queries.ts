import { Types, type Model } from 'mongoose';
import type { CustomerDocument } from '../../db/models/customer.js';
import type { OrderDocument } from '../../db/models/order.js';
import {
  recentOrdersShown,
  type CustomerDetail,
  type CustomerListQuery,
  type CustomerPage,
  type CustomerSort,
  type OrderListQuery,
  type OrderPage,
} from '../../domain/customers.js';
import { findByIds } from '../../db/find-by-ids.js';
import { notFound } from '../../http/errors/catalogue.js';
import { toCustomerSummary, toOrderView, type Stored } from './customer-view.js';
import { decodeCursor, keysetAfter, keysetSort, pageOf, type KeysetOrder } from './page-cursor.js';

type StoredCustomer = Stored<CustomerDocument>;
type StoredOrder = Stored<OrderDocument>;
type Filter = Record<string, unknown>;

/** Each customer list order, descending with the id breaking ties; only lastActive may be missing. */
const customerOrders: Record<CustomerSort, KeysetOrder<StoredCustomer>> = {
  createdAt: { name: 'customers:createdAt', field: 'createdAt', kind: 'date', nullable: false, keyOf: (row) => row.createdAt },
  totalSpend: { name: 'customers:totalSpend', field: 'totalSpend', kind: 'number', nullable: false, keyOf: (row) => row.totalSpend },
  lastActive: { name: 'customers:lastActive', field: 'lastActive', kind: 'date', nullable: true, keyOf: (row) => row.lastActive },
};

/** Orders newest first. */
const ordersNewestFirst: KeysetOrder<StoredOrder> = {
  name: 'orders:orderedAt',
  field: 'orderedAt',
  kind: 'date',
  nullable: false,
  keyOf: (row) => row.orderedAt,
};

/** The fields `q` searches. */
const searchedFields = ['name', 'email', 'externalId', 'phone'] as const;

/** `text` as a regular expression that matches exactly that text: every metacharacter escaped. */
export function literalPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The filter a customer list query describes, without paging; `segmentFilter` is the compiled rule of `query.segment`. */
function audienceFilter(query: CustomerListQuery, segmentFilter: Filter | undefined): Filter[] {
  const clauses: Filter[] = [];
  if (query.q) {
    const pattern = literalPattern(query.q);
    clauses.push({ $or: searchedFields.map((field) => ({ [field]: { $regex: pattern, $options: 'i' } })) });
  }
  if (query.tag !== undefined) clauses.push({ tags: query.tag });
  if (query.city !== undefined) clauses.push({ city: { $regex: `^${literalPattern(query.city)}$`, $options: 'i' } });
  if (query.minSpend !== undefined || query.maxSpend !== undefined) {
    clauses.push({
      totalSpend: {
        ...(query.minSpend !== undefined ? { $gte: query.minSpend } : {}),
        ...(query.maxSpend !== undefined ? { $lte: query.maxSpend } : {}),
      },
    });
  }
  // Compiled by the same compiler campaigns use, so the list and the send agree.
  if (segmentFilter !== undefined) clauses.push(segmentFilter);
  return clauses;
}

function orderFilter(query: OrderListQuery): Filter[] {
  const clauses: Filter[] = [];
  if (query.customerId !== undefined) clauses.push({ customerId: new Types.ObjectId(query.customerId) });
  if (query.status !== undefined) clauses.push({ status: query.status });
  if (query.from !== undefined || query.to !== undefined) {
    clauses.push({
      orderedAt: {
        ...(query.from !== undefined ? { $gte: new Date(query.from) } : {}),
        ...(query.to !== undefined ? { $lt: new Date(query.to) } : {}),
      },
    });
  }
  return clauses;
}

// Clauses are ANDed rather than merged so that two conditions on one field (a spend range and the
// keyset on totalSpend, two $or) never overwrite each other.
function allOf(clauses: Filter[]): Filter {
  if (clauses.length === 0) return {};
  if (clauses.length === 1) return clauses[0] ?? {};
  return { $and: clauses };
}

/** The compiled filter of a saved segment's audience; throws 404 for an unknown segment, 409 for a rule that no longer checks. */
export type SegmentFilterOf = (segmentId: string) => Promise<Filter>;

/** Reading customers and orders for people and integrators: lists with search, filters and keyset paging, and one customer's profile. */
export function createCustomerQueries(deps: { customers: Model<CustomerDocument>; orders: Model<OrderDocument>; segmentFilterOf: SegmentFilterOf }) {
  return {
    /** A page of customers matching the query, in the order it asks for. */
    async listCustomers(query: CustomerListQuery): Promise<CustomerPage> {
      const order = customerOrders[query.sort];
      const clauses = audienceFilter(query, query.segment !== undefined ? await deps.segmentFilterOf(query.segment) : undefined);
      if (query.cursor !== undefined) clauses.push(keysetAfter(order, decodeCursor(order, query.cursor)));
      const rows = await deps.customers
        .find(allOf(clauses))
        .sort(keysetSort(order))
        .limit(query.limit + 1)
        .lean<StoredCustomer[]>();
      const page = pageOf(order, rows, query.limit);
      return { customers: page.rows.map(toCustomerSummary), nextCursor: page.nextCursor };
    },

    /** One customer with their latest orders, newest first; 404 for an unknown or malformed id. */
    async getCustomer(id: string): Promise<CustomerDetail> {
      if (!/^[0-9a-fA-F]{24}$/.test(id)) throw notFound('No such customer.');
      const customerId = new Types.ObjectId(id.toLowerCase());
      const [customer, orders] = await Promise.all([
        deps.customers.findById(customerId).lean<StoredCustomer>(),
        deps.orders
          .find({ customerId })
          .sort(keysetSort(ordersNewestFirst))
          .limit(recentOrdersShown)
          .lean<StoredOrder[]>(),
      ]);
      if (!customer) throw notFound('No such customer.');
      return { ...toCustomerSummary(customer), recentOrders: orders.map((order) => toOrderView(order, true)) };
    },

    /** A page of orders matching the query, newest first. */
    async listOrders(query: OrderListQuery): Promise<OrderPage> {
      const clauses = orderFilter(query);
      if (query.cursor !== undefined) clauses.push(keysetAfter(ordersNewestFirst, decodeCursor(ordersNewestFirst, query.cursor)));
      const rows = await deps.orders
        .find(allOf(clauses))
        .sort(keysetSort(ordersNewestFirst))
        .limit(query.limit + 1)
        .lean<StoredOrder[]>();
      const page = pageOf(ordersNewestFirst, rows, query.limit);
      // An order may name a customer not stored yet: it shows what it waits for.
      const customerIds = [...new Map(page.rows.flatMap((order) => (order.customerId ? [[order.customerId.toHexString(), order.customerId]] : []))).values()];
      const stored = new Set((await findByIds(deps.customers, customerIds, { _id: 1 })).map((customer) => customer._id.toHexString()));
      return { orders: page.rows.map((order) => toOrderView(order, !!order.customerId && stored.has(order.customerId.toHexString()))), nextCursor: page.nextCursor };
    },
  };
}

/** The read side of customers and orders. */
export type CustomerQueries = ReturnType<typeof createCustomerQueries>;
