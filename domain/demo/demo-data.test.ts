import { describe, expect, it } from 'vitest';
import { customerInputSchema } from '../ingest/customer-input.js';
import { orderInputSchema, orderStatuses } from '../ingest/order-input.js';
import { catalogue, createDemoData, customerTags, demoEmailDomains, type CustomerRecord, type OrderRecord } from './demo-data.js';
import { orderWindowDays, signUpWindowDays } from './population.js';
import { dayMs } from './timeline.js';

const now = new Date('2025-06-01T06:30:00.000Z');
const options = { seed: 20250601, customers: 2_000, orders: 6_000, now };

function take<T>(records: Iterable<T>, count: number): T[] {
  const taken: T[] = [];
  for (const record of records) {
    if (taken.length === count) break;
    taken.push(record);
  }
  return taken;
}

const data = createDemoData(options);
const customers: CustomerRecord[] = [...data.customers()];
const orders: OrderRecord[] = [...data.orders()];

describe('createDemoData', () => {
  it('yields exactly the requested numbers of customers and orders', () => {
    expect(customers).toHaveLength(options.customers);
    expect(orders).toHaveLength(options.orders);
    const empty = createDemoData({ seed: 1, customers: 3, orders: 0, now });
    expect([...empty.customers()]).toHaveLength(3);
    expect([...empty.orders()]).toEqual([]);
    expect([...createDemoData({ seed: 1, customers: 0, orders: 0, now }).customers()]).toEqual([]);
  });

  it('gives identical records for the same seed and arguments, on every call of a generator', () => {
    const again = createDemoData({ ...options, now: new Date(now.getTime()) });
    expect(take(again.customers(), 200)).toEqual(customers.slice(0, 200));
    expect(take(again.orders(), 200)).toEqual(orders.slice(0, 200));
    expect(take(data.customers(), 50)).toEqual(customers.slice(0, 50));
    expect(take(data.orders(), 50)).toEqual(orders.slice(0, 50));
  });

  it('gives different records for a different seed', () => {
    const other = createDemoData({ ...options, seed: options.seed + 1 });
    const otherCustomers = take(other.customers(), 20);
    const otherOrders = take(other.orders(), 20);
    expect(otherCustomers.map((customer) => customer.email)).not.toEqual(customers.slice(0, 20).map((customer) => customer.email));
    expect(otherOrders.map((order) => order.orderedAt)).not.toEqual(orders.slice(0, 20).map((order) => order.orderedAt));
  });

  it('numbers customers and orders in sequence and never repeats an id, e-mail or phone', () => {
    expect(customers.slice(0, 2).map((customer) => customer.externalId)).toEqual(['cust-000001', 'cust-000002']);
    expect(orders.slice(0, 2).map((order) => order.orderId)).toEqual(['ord-0000001', 'ord-0000002']);
    for (const field of ['externalId', 'email', 'phone'] as const) {
      expect(new Set(customers.map((customer) => customer[field])).size, field).toBe(customers.length);
    }
    expect(new Set(orders.map((order) => order.orderId)).size).toBe(orders.length);
  });

  it('refers every order to a customer it generated, placed after that customer signed up', () => {
    const signedUpAt = new Map(customers.map((customer) => [customer.externalId, Date.parse(customer.signedUpAt)]));
    for (const order of orders) {
      const signUp = signedUpAt.get(order.customerExternalId);
      expect(signUp, order.orderId).toBeDefined();
      expect(Date.parse(order.orderedAt)).toBeGreaterThanOrEqual(signUp ?? Infinity);
    }
  });

  it('sums each order from its items into a positive amount to the paisa', () => {
    const skus = new Map(catalogue.map((product) => [product.sku, product]));
    for (const order of orders) {
      expect(order.items.length).toBeGreaterThan(0);
      const sum = order.items.reduce((total, item) => total + item.quantity * item.price, 0);
      expect(order.amount, order.orderId).toBe(Math.round(sum * 100) / 100);
      expect(order.amount).toBeGreaterThan(0);
      expect(order.currency).toBe('INR');
      for (const item of order.items) {
        const product = skus.get(item.sku);
        expect(product?.name).toBe(item.name);
        expect(product?.category).toBe(item.category);
        expect(Number.isInteger(item.quantity) && item.quantity > 0).toBe(true);
        expect(item.price).toBeLessThanOrEqual(product?.price ?? 0);
        expect(Math.round(item.price * 100) / 100).toBe(item.price);
      }
    }
  });

  it('addresses e-mails only to reserved example domains and gives Indian mobile numbers', () => {
    for (const customer of customers) {
      expect(customer.email).toMatch(/^[a-z][a-z._]*\d+@example\.(com|net|org)$/);
      expect(demoEmailDomains).toContain(customer.email.split('@')[1]);
      expect(customer.phone).toMatch(/^\+91[6-9]\d{9}$/);
    }
  });

  it('emits plain JSON in the shapes integrators send, with vocabulary values and UTC timestamps', () => {
    const [customer] = customers;
    const [order] = orders;
    expect(JSON.parse(JSON.stringify(customer))).toEqual(customer);
    expect(JSON.parse(JSON.stringify(order))).toEqual(order);
    for (const record of customers) {
      expect(record.name).toMatch(/^\S+ \S+$/);
      expect(record.tags.every((tag) => customerTags.includes(tag))).toBe(true);
      expect(Number.isInteger(record.visits) && record.visits >= 0).toBe(true);
      expect(new Date(record.signedUpAt).toISOString()).toBe(record.signedUpAt);
    }
    for (const record of orders) expect(new Date(record.orderedAt).toISOString()).toBe(record.orderedAt);
  });

  it("passes the ingestion API's own validation, record for record", () => {
    for (const customer of customers) {
      const parsed = customerInputSchema.safeParse(customer);
      expect(parsed.error?.issues ?? [], customer.externalId).toEqual([]);
      expect(parsed.data).toMatchObject({ externalId: customer.externalId, email: customer.email, visits: customer.visits });
    }
    for (const order of orders) {
      const parsed = orderInputSchema.safeParse(order);
      expect(parsed.error?.issues ?? [], order.orderId).toEqual([]);
      expect(parsed.data).toMatchObject({ orderId: order.orderId, amount: order.amount, status: order.status });
    }
  });

  it('uses only order statuses the order model accepts, with recent orders still unsettled', () => {
    expect(orders.every((order) => (orderStatuses as readonly string[]).includes(order.status))).toBe(true);
    const settled = orders.filter((order) => now.getTime() - Date.parse(order.orderedAt) > 7 * dayMs);
    expect(settled.every((order) => ['fulfilled', 'cancelled', 'refunded'].includes(order.status))).toBe(true);
    expect(orders.filter((order) => order.status === 'fulfilled').length / orders.length).toBeGreaterThan(0.8);
  });

  it('spreads sign-ups over the last three years and orders over the last eighteen months, oldest first', () => {
    const signUps = customers.map((customer) => Date.parse(customer.signedUpAt));
    const orderTimes = orders.map((order) => Date.parse(order.orderedAt));
    expect(Math.min(...signUps)).toBeGreaterThanOrEqual(now.getTime() - signUpWindowDays * dayMs);
    expect(Math.min(...signUps)).toBeLessThan(now.getTime() - (signUpWindowDays - 30) * dayMs);
    expect(Math.min(...orderTimes)).toBeGreaterThanOrEqual(now.getTime() - orderWindowDays * dayMs);
    expect(Math.min(...orderTimes)).toBeLessThan(now.getTime() - (orderWindowDays - 30) * dayMs);
    expect(Math.max(...signUps, ...orderTimes)).toBeLessThanOrEqual(now.getTime());
    expect(signUps.every((time, index) => index === 0 || time >= (signUps[index - 1] ?? 0))).toBe(true);
    expect(orderTimes.every((time, index) => index === 0 || time >= (orderTimes[index - 1] ?? 0))).toBe(true);
  });

  it('starts a large data set at once, without building every record first', () => {
    const started = performance.now();
    const large = createDemoData({ seed: 9, customers: 100_000, orders: 300_000, now });
    expect(take(large.orders(), 3).map((order) => order.orderId)).toEqual(['ord-0000001', 'ord-0000002', 'ord-0000003']);
    expect(take(large.customers(), 1)[0]?.externalId).toBe('cust-000001');
    // Building the O(customers) table is well under a second; making 300k orders would take several.
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('rejects options it cannot honour', () => {
    expect(() => createDemoData({ seed: 1, customers: 0, orders: 5, now })).toThrow(/at least one customer/);
    expect(() => createDemoData({ seed: 1.5, customers: 1, orders: 1, now })).toThrow();
    expect(() => createDemoData({ seed: 1, customers: -1, orders: 0, now })).toThrow();
    expect(() => createDemoData({ seed: 1, customers: 1, orders: 1, now: new Date('not a date') })).toThrow();
  });
});
