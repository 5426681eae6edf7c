import { z } from 'zod';
import { orderStatuses } from './ingest/order-input.js';

// What the API answers with and accepts when customers and orders are read: shared by the server
// (validation, OpenAPI) and the web app (parsing answers, building list filters). Stored documents may lack
// fields (FerretDB drops null and [] from $setOnInsert), so every optional fact is `null` here, never absent.

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'expected an id: 24 hexadecimal characters');
const isoDate = z.iso.datetime({ offset: true });

/** A customer id as a caller may spell it: 24 hexadecimal characters, any case. */
export const customerIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{24}$/, 'expected a customer id: 24 hexadecimal characters');

/** A saved segment's id as a caller may spell it: 24 hexadecimal characters, any case. */
export const segmentIdSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{24}$/, 'expected a segment id: 24 hexadecimal characters');

/** A scalar custom attribute value. */
export const attributeValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** A customer in a list: profile plus the order aggregates audiences filter on. */
export const customerSummarySchema = z.object({
  id: objectId,
  externalId: z.string().nullable(),
  email: z.string().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  city: z.string().nullable(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), attributeValueSchema),
  visits: z.number().int(),
  /** Reported lifetime spend plus the spend of the orders Drumbeat received (cancelled and refunded excluded). */
  totalSpend: z.number(),
  orderCount: z.number().int(),
  firstOrderAt: isoDate.nullable(),
  lastOrderAt: isoDate.nullable(),
  lastActive: isoDate.nullable(),
  signedUpAt: isoDate.nullable(),
  createdAt: isoDate,
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

/** One line of an order; `price` is per unit. */
export const orderItemSchema = z.object({
  sku: z.string().nullable(),
  name: z.string().nullable(),
  category: z.string().nullable(),
  quantity: z.number().int(),
  price: z.number(),
});
export type OrderItemView = z.infer<typeof orderItemSchema>;

/** An order as the API shows it. */
export const orderSchema = z.object({
  id: objectId,
  orderId: z.string().nullable(),
  /** Null while the order waits for its customer to arrive. */
  customerId: objectId.nullable(),
  /** How the integrator named the customer (`id:…`, `ext:…`, `email:…`) while no customer matches; else null. */
  waitingFor: z.string().nullable(),
  amount: z.number(),
  currency: z.string().nullable(),
  status: z.enum(orderStatuses),
  orderedAt: isoDate,
  items: z.array(orderItemSchema),
});
export type OrderView = z.infer<typeof orderSchema>;

/** Most recent orders shown with one customer. */
export const recentOrdersShown = 50;

/** `GET /api/customers/:id`: the customer and their latest orders, newest first. */
export const customerDetailSchema = customerSummarySchema.extend({
  recentOrders: z.array(orderSchema).max(recentOrdersShown),
});
export type CustomerDetail = z.infer<typeof customerDetailSchema>;

/** How a customer list may be ordered; always descending, ties broken by id. */
export const customerSorts = ['createdAt', 'totalSpend', 'lastActive'] as const;
export const customerSortSchema = z.enum(customerSorts);
export type CustomerSort = z.infer<typeof customerSortSchema>;

const pageLimit = z.coerce
  .number({ error: 'expected a whole number from 1 to 200' })
  .int('expected a whole number from 1 to 200')
  .min(1, 'expected a whole number from 1 to 200')
  .max(200, 'expected a whole number from 1 to 200')
  .default(50)
  .describe('Page size, 1..200');
const cursor = z.string().min(1).max(512).optional().describe("The previous page's nextCursor; opaque");
const spendBound = z.coerce.number({ error: 'expected an amount' }).min(0, 'must not be negative');

/**
 * `GET /api/customers` query. Strict: an unknown parameter is refused rather than ignored, so a client
 * that sends a filter this version does not know never mistakes an unfiltered list for a filtered one.
 */
export const customerListQuerySchema = z
  .strictObject({
    q: z
      .string()
      .trim()
      .max(100, 'must be at most 100 characters')
      .optional()
      .describe('Search: case-insensitive, matched anywhere in name, e-mail, externalId or phone; taken literally'),
    tag: z.string().trim().min(1).max(64).optional().describe('Only customers with this tag (exact)'),
    city: z.string().trim().min(1).max(100).optional().describe('Only customers in this city (exact, case-insensitive)'),
    minSpend: spendBound.optional().describe('Only customers whose totalSpend is at least this'),
    maxSpend: spendBound.optional().describe('Only customers whose totalSpend is at most this'),
    segment: segmentIdSchema
      .optional()
      .describe("Only the members of this saved segment, as its rule matches now (404 if unknown, 409 if its rule no longer checks)"),
    sort: customerSortSchema.default('createdAt').describe('Newest customers first (default), biggest spenders, or most recently active'),
    limit: pageLimit,
    cursor,
  })
  .refine((query) => query.minSpend === undefined || query.maxSpend === undefined || query.minSpend <= query.maxSpend, {
    path: ['maxSpend'],
    message: 'must not be less than minSpend',
  });
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

/** A page of customers; pass `nextCursor` as `cursor` (with the same sort) for the next one. */
export const customerPageSchema = z.object({
  customers: z.array(customerSummarySchema),
  nextCursor: z.string().nullable(),
});
export type CustomerPage = z.infer<typeof customerPageSchema>;

/** `GET /api/orders` query: newest first (by orderedAt, then id). */
export const orderListQuerySchema = z
  .strictObject({
    customerId: customerIdSchema.optional().describe("Only this customer's orders"),
    status: z.enum(orderStatuses).optional().describe('Only orders in this status'),
    from: isoDate.optional().describe('Only orders placed at or after this instant'),
    to: isoDate.optional().describe('Only orders placed before this instant'),
    limit: pageLimit,
    cursor,
  })
  .refine((query) => query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to), {
    path: ['to'],
    message: 'must be later than from',
  });
export type OrderListQuery = z.infer<typeof orderListQuerySchema>;

/** A page of orders; pass `nextCursor` as `cursor` for the next one. */
export const orderPageSchema = z.object({
  orders: z.array(orderSchema),
  nextCursor: z.string().nullable(),
});
export type OrderPage = z.infer<typeof orderPageSchema>;
