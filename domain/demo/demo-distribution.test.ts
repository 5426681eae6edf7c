import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoData, type CustomerRecord, type OrderRecord } from './demo-data.js';
import { istClock } from './timeline.js';

// The shape of the data set: what makes audiences, summaries and send-time suggestions worth demoing.
const now = new Date('2025-06-01T00:00:00.000Z');
let customers: CustomerRecord[] = [];
let orders: OrderRecord[] = [];
const spendByCustomer = new Map<string, number>();
const ordersByCustomer = new Map<string, number>();

beforeAll(() => {
  const data = createDemoData({ seed: 7, customers: 10_000, orders: 30_000, now });
  customers = [...data.customers()];
  orders = [...data.orders()];
  for (const order of orders) {
    spendByCustomer.set(order.customerExternalId, (spendByCustomer.get(order.customerExternalId) ?? 0) + order.amount);
    ordersByCustomer.set(order.customerExternalId, (ordersByCustomer.get(order.customerExternalId) ?? 0) + 1);
  }
});

const spendOf = (customer: CustomerRecord): number => spendByCustomer.get(customer.externalId) ?? 0;
const share = (part: number, whole: number): number => part / whole;

describe('demo data distributions', () => {
  it('concentrates revenue in a long tail: the top 10% of customers bring over 40% of it', () => {
    const spends = customers.map(spendOf).sort((a, b) => b - a);
    const revenue = spends.reduce((sum, spend) => sum + spend, 0);
    const topTenth = spends.slice(0, customers.length / 10).reduce((sum, spend) => sum + spend, 0);
    expect(share(topTenth, revenue)).toBeGreaterThan(0.4);
    expect(spends.filter((spend) => spend > 10_000).length).toBeGreaterThan(50);
    const buyers = spends.filter((spend) => spend > 0).sort((a, b) => a - b);
    const median = buyers[Math.floor(buyers.length / 2)] ?? 0;
    expect(median).toBeGreaterThan(500);
    expect(median).toBeLessThan(8_000);
  });

  it('leaves some customers without orders, most with few and some with dozens', () => {
    const counts = customers.map((customer) => ordersByCustomer.get(customer.externalId) ?? 0);
    expect(counts.filter((count) => count === 0).length).toBeGreaterThan(customers.length / 10);
    expect(counts.filter((count) => count <= 1).length).toBeGreaterThan(customers.length * 0.4);
    expect(counts.filter((count) => count >= 24).length).toBeGreaterThan(10);
  });

  it('follows a daily rhythm in IST: lunch and evening are far busier than the small hours', () => {
    const byHour = new Array<number>(24).fill(0);
    for (const order of orders) {
      const { hour } = istClock(Date.parse(order.orderedAt));
      byHour[hour] = (byHour[hour] ?? 0) + 1;
    }
    const perHour = (from: number, to: number): number => byHour.slice(from, to).reduce((sum, count) => sum + count, 0) / (to - from);
    const night = perHour(1, 5);
    expect(perHour(11, 14)).toBeGreaterThan(4 * night);
    expect(perHour(18, 22)).toBeGreaterThan(4 * night);
    expect(perHour(18, 22)).toBeGreaterThan(perHour(14, 17));
  });

  it('makes weekends busier per day than weekdays', () => {
    let weekend = 0;
    for (const order of orders) {
      const { weekday } = istClock(Date.parse(order.orderedAt));
      if (weekday === 0 || weekday === 6) weekend += 1;
    }
    expect(weekend / 2).toBeGreaterThan(1.2 * ((orders.length - weekend) / 5));
  });

  it('favours big cities and gives tags realistic frequencies', () => {
    const inCity = (city: string): number => customers.filter((customer) => customer.city === city).length;
    expect(inCity('Delhi')).toBeGreaterThan(inCity('Pune'));
    expect(inCity('Mumbai')).toBeGreaterThan(inCity('Chandigarh') * 5);
    const tagShare = (tag: string): number => share(customers.filter((customer) => customer.tags.includes(tag as never)).length, customers.length);
    expect(tagShare('vip')).toBeGreaterThan(0.01);
    expect(tagShare('vip')).toBeLessThan(0.1);
    expect(tagShare('newsletter')).toBeGreaterThan(0.25);
    expect(tagShare('app-user')).toBeGreaterThan(tagShare('student'));
  });

  it('gives VIPs and higher tiers the higher spend', () => {
    const meanSpend = (group: CustomerRecord[]): number => group.reduce((sum, customer) => sum + spendOf(customer), 0) / group.length;
    const vips = customers.filter((customer) => customer.tags.includes('vip'));
    const others = customers.filter((customer) => !customer.tags.includes('vip'));
    expect(meanSpend(vips)).toBeGreaterThan(2 * meanSpend(others));
    const byTier = (tier: string): CustomerRecord[] => customers.filter((customer) => customer.attributes.tier === tier);
    expect(meanSpend(byTier('gold'))).toBeGreaterThan(meanSpend(byTier('silver')));
    expect(meanSpend(byTier('silver'))).toBeGreaterThan(meanSpend(byTier('bronze')));
  });
});
