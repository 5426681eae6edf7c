// Deterministic, seedable demo data for `drumbeat seed` and a first `npm start`: customers and orders
// as integrators post them, produced lazily so a hundred thousand customers never sit in one array.

import { z } from 'zod';
import { contactNumbering, customerRecord } from './customers.js';
import { orderRecords } from './orders.js';
import { buildPopulation } from './population.js';
import type { CustomerRecord, OrderRecord } from './records.js';

export type { CustomerRecord, DemoCustomerAttributes, DemoOrderStatus, OrderItemRecord, OrderRecord } from './records.js';
export { demoOrderStatuses } from './records.js';
export { catalogue, productCategories, type Product, type ProductCategory } from './catalogue.js';
export { customerTags, customerTiers, demoEmailDomains, preferredChannels, type CustomerTag, type CustomerTier, type PreferredChannel } from './vocabulary.js';

/** Most customers one data set may hold; keeps the contact numbering exact in double precision. */
export const maxDemoCustomers = 10_000_000;

/** What to generate: the same options always give the same records. */
export const demoDataOptionsSchema = z
  .object({
    seed: z.number().int(),
    customers: z.number().int().min(0).max(maxDemoCustomers),
    orders: z.number().int().min(0),
    /** Sign-ups reach three years and orders eighteen months back from here. */
    now: z.date(),
  })
  .refine((options) => options.customers > 0 || options.orders === 0, { message: 'orders need at least one customer', path: ['orders'] });
export type DemoDataOptions = z.infer<typeof demoDataOptionsSchema>;

/** A demo data set; each call to a generator starts again from the first record. */
export type DemoData = {
  /** Customers in sign-up order, `cust-000001` first. */
  customers(): Generator<CustomerRecord>;
  /** Orders oldest first, each for a customer `customers()` yields. */
  orders(): Generator<OrderRecord>;
};

/** Creates the demo data set for the options; O(customers) memory, records made on demand. */
export function createDemoData(options: DemoDataOptions): DemoData {
  const { seed, customers: customerCount, orders: orderCount, now } = demoDataOptionsSchema.parse(options);
  const fixedNow = new Date(now.getTime());
  const population = buildPopulation(seed, customerCount, orderCount, fixedNow);
  const numbering = contactNumbering(seed, customerCount);
  return {
    *customers() {
      for (let index = 0; index < customerCount; index += 1) yield customerRecord(seed, index, population, numbering);
    },
    orders: () => orderRecords(seed, population, orderCount, fixedNow),
  };
}
