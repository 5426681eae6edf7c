// The demo records, shaped exactly as integrators post them to the ingestion API (plain JSON).
// Type aliases rather than interfaces, so a record is assignable to `Record<string, unknown>`.

import type { ProductCategory } from './catalogue.js';
import type { AgeBand, CustomerTag, CustomerTier, PreferredChannel } from './vocabulary.js';

/** Free-form scalar attributes a demo customer carries. */
export type DemoCustomerAttributes = {
  tier: CustomerTier;
  /** The channel the customer prefers to be reached on. */
  channel: PreferredChannel;
  /** ISO 639-1 code of the language the customer reads messages in. */
  language: string;
  ageBand: AgeBand;
};

/** One customer, as `POST /api/customers` accepts it. */
export type CustomerRecord = {
  /** `cust-000001`, `cust-000002`, … in sign-up order. */
  externalId: string;
  name: string;
  /** Always at an RFC 2606 example domain. */
  email: string;
  /** `+91` and ten digits starting 6–9. */
  phone: string;
  city: string;
  tags: CustomerTag[];
  attributes: DemoCustomerAttributes;
  visits: number;
  /** ISO 8601 in UTC. */
  signedUpAt: string;
};

/** Statuses demo orders carry; cancelled and refunded orders do not count towards spend. */
export const demoOrderStatuses = ['placed', 'paid', 'fulfilled', 'cancelled', 'refunded'] as const;
export type DemoOrderStatus = (typeof demoOrderStatuses)[number];

/** One line of an order. */
export type OrderItemRecord = {
  sku: string;
  name: string;
  category: ProductCategory;
  quantity: number;
  /** Unit price in ₹, after any discount, to the paisa. */
  price: number;
};

/** One order, as `POST /api/orders` accepts it. */
export type OrderRecord = {
  /** `ord-0000001`, `ord-0000002`, … in order-time order. */
  orderId: string;
  customerExternalId: string;
  /** The sum of quantity × price over the items, rounded to the paisa. */
  amount: number;
  currency: 'INR';
  status: DemoOrderStatus;
  /** ISO 8601 in UTC. */
  orderedAt: string;
  items: OrderItemRecord[];
};

/** The external id of the customer at a zero-based index. */
export function customerExternalId(index: number): string {
  return `cust-${String(index + 1).padStart(6, '0')}`;
}

/** The order id of the order at a zero-based index. */
export function orderId(index: number): string {
  return `ord-${String(index + 1).padStart(7, '0')}`;
}
