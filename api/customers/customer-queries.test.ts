import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  customerDetailSchema,
  customerPageSchema,
  orderPageSchema,
  type CustomerSort,
  type CustomerSummary,
  type OrderPage,
  type OrderView,
} from '../../domain/customers.js';
import { ingestionAcceptedSchema } from '../../domain/ingest-status.js';
import { useIngestion } from '../../test/helpers/ingestion.js';

const ingestion = useIngestion();

const problemSchema = z.object({ status: z.number(), errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() });

async function ingest(kind: 'customers' | 'orders', body: unknown) {
  const response = await ingestion().marketer.request(`/api/${kind}`, { json: body, csrf: true });
  expect(response.status, JSON.stringify(await response.clone().json())).toBe(202);
  const accepted = ingestionAcceptedSchema.parse(await response.json());
  expect(accepted.rejected).toEqual([]);
  await ingestion().waitUntilDone(accepted.ingestionId);
  return accepted;
}

async function get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  const response = await ingestion().marketer.request(path);
  const body: unknown = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return schema.parse(body);
}

/** The status and field paths of a refused request. */
async function refusal(path: string): Promise<{ status: number; paths: string[]; messages: string[] }> {
  const response = await ingestion().marketer.request(path);
  const problem = problemSchema.parse(await response.json());
  return { status: response.status, paths: (problem.errors ?? []).map((e) => e.path), messages: (problem.errors ?? []).map((e) => e.message) };
}

async function customerPage(query: string): Promise<{ customers: CustomerSummary[]; nextCursor: string | null }> {
  return get(`/api/customers?${query}`, customerPageSchema);
}

/** Every customer of a query, page by page, and how many pages it took. */
async function allCustomerPages(query: string): Promise<{ customers: CustomerSummary[]; pages: number }> {
  const customers: CustomerSummary[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await customerPage(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    customers.push(...page.customers);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { customers, pages };
}

async function allOrderPages(query: string): Promise<{ orders: OrderView[]; pages: number }> {
  const orders: OrderView[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: OrderPage = await get(`/api/orders?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, orderPageSchema);
    orders.push(...page.orders);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { orders, pages };
}

type Key = number | string | null;

/** Asserts rows are in descending key order (null keys last) with ties in descending id order. */
function expectKeysetOrder(rows: Array<{ id: string; key: Key }>): void {
  const rank = (key: Key): number => (key === null ? Number.NEGATIVE_INFINITY : typeof key === 'number' ? key : Date.parse(key));
  for (let index = 1; index < rows.length; index += 1) {
    const before = rows[index - 1];
    const after = rows[index];
    if (!before || !after) continue;
    const inOrder = rank(before.key) > rank(after.key) || (rank(before.key) === rank(after.key) && before.id > after.id);
    expect(inOrder, `${JSON.stringify(before)} then ${JSON.stringify(after)}`).toBe(true);
  }
}

const sortKeys: Record<CustomerSort, (customer: CustomerSummary) => Key> = {
  createdAt: (customer) => customer.createdAt,
  totalSpend: (customer) => customer.totalSpend,
  lastActive: (customer) => customer.lastActive,
};

const generated = Array.from({ length: 34 }, (_, position) => {
  const i = position + 1;
  return {
    externalId: `gen-${i}`,
    name: `Customer ${i}`,
    email: `gen${i}@bulk.test`,
    // Few distinct amounts, so many customers tie on totalSpend.
    spend: [100, 250, 100, 0, 75.5][i % 5],
    ...(i % 3 === 0 ? { city: 'Pune' } : i % 3 === 1 ? { city: 'Delhi' } : {}),
    ...(i % 4 === 0 ? { tags: ['vip'] } : {}),
    ...(i % 2 === 0 ? { lastActive: i % 6 === 0 ? '2025-03-01T10:00:00Z' : `2025-02-${String((i % 28) + 1).padStart(2, '0')}T00:00:00Z` } : {}),
  };
});

const named = [
  { externalId: 'asha-1', name: 'Asha Rao', email: 'asha.rao@example.com', phone: '+91 98450 11111', city: 'Mumbai', tags: ['vip'], spend: 100, lastActive: '2025-03-01T10:00:00Z' },
  { externalId: 'ashok-1', name: 'Ashok Kumar', email: 'kumar@example.com', city: 'Pune', spend: 250 },
  { externalId: 'bina-1', name: 'Bina Shah', email: 'bina@shop.test', city: 'pune', tags: ['vip', 'newsletter'], spend: 250, lastActive: '2025-03-01T10:00:00Z' },
  { externalId: 'star-1', name: 'Star .* Power', email: 'star@example.com' },
  { externalId: 'big-1', name: 'Big Spender', email: 'big@example.com' },
  { externalId: 'bare-1' },
];
const customerCount = generated.length + named.length;

const hour = 3_600_000;
const bigOrders = Array.from({ length: 55 }, (_, position) => {
  const i = position + 1;
  // Every tenth order shares its time with the one before it, so orders tie on orderedAt too.
  const slot = i % 10 === 0 ? i - 1 : i;
  return {
    orderId: `big-${i}`,
    customerExternalId: 'big-1',
    amount: 10,
    status: i % 7 === 0 ? 'refunded' : 'paid',
    orderedAt: new Date(Date.UTC(2025, 0, 1) + slot * hour).toISOString(),
    items: [{ sku: `sku-${i}`, quantity: 1, price: 10 }],
  };
});
const otherOrders = [
  { orderId: 'o-a1', customerExternalId: 'asha-1', amount: 40, status: 'paid', orderedAt: '2025-04-01T09:00:00Z', currency: 'INR' },
  { orderId: 'o-a2', customerExternalId: 'asha-1', amount: 500, status: 'cancelled', orderedAt: '2025-04-05T09:00:00Z' },
  { orderId: 'o-a3', customerExternalId: 'asha-1', amount: 60, orderedAt: '2025-04-10T09:00:00Z' },
  { orderId: 'o-b1', customerExternalId: 'bina-1', amount: 50, status: 'fulfilled', orderedAt: '2025-04-02T09:00:00Z' },
  { orderId: 'o-w1', customerExternalId: 'nobody-yet', amount: 5, orderedAt: '2025-04-03T09:00:00Z' },
];
const orderCount = bigOrders.length + otherOrders.length;

const ids = new Map<string, string>();
const idOf = (externalId: string): string => ids.get(externalId) ?? '';

beforeAll(async () => {
  // Three requests, so customers differ in createdAt as well as tying on it within a request.
  for (const batch of [generated.slice(0, 17), generated.slice(17), named]) {
    const accepted = await ingest('customers', batch);
    for (const { index, id } of accepted.customerIds ?? []) ids.set(batch[index]?.externalId ?? '', id);
  }
  await ingest('orders', [...bigOrders, ...otherOrders]);
});

describe('GET /api/customers', () => {
  it('finds customers by a case-insensitive part of their name, e-mail, external id or phone', async () => {
    const names = async (q: string) => (await customerPage(`q=${encodeURIComponent(q)}`)).customers.map((c) => c.name).sort();
    expect(await names('ASH')).toEqual(['Asha Rao', 'Ashok Kumar']);
    expect(await names('asha')).toEqual(['Asha Rao']);
    expect(await names('SHOP.TEST')).toEqual(['Bina Shah']);
    expect(await names('gen-7')).toEqual(['Customer 7']);
    expect(await names('98450 111')).toEqual(['Asha Rao']);
    expect(await names('  ')).toHaveLength(customerCount);
  });

  it('takes regular-expression metacharacters in q literally', async () => {
    expect((await customerPage('q=.*')).customers.map((c) => c.name)).toEqual(['Star .* Power']);
    for (const q of ['(', '[', 'a+b', '^Asha', 'Rao$', '\\', 'Customer 1?']) {
      expect((await customerPage(`q=${encodeURIComponent(q)}`)).customers, q).toEqual([]);
    }
    // A literal dot: everyone whose name, e-mail, external id or phone holds one, i.e. all but bare-1.
    const dotted = (await customerPage('q=.&limit=200')).customers.map((c) => c.externalId);
    expect(dotted).toHaveLength(customerCount - 1);
    expect(dotted).not.toContain('bare-1');
  });

  it.each(['createdAt', 'totalSpend', 'lastActive'] as const)(
    'pages by %s through every customer exactly once, in order, ties broken by id',
    async (sort) => {
      const whole = await customerPage(`sort=${sort}&limit=200`);
      expect(whole.customers).toHaveLength(customerCount);
      expect(whole.nextCursor).toBeNull();
      const keyed = whole.customers.map((customer) => ({ id: customer.id, key: sortKeys[sort](customer) }));
      expectKeysetOrder(keyed);
      const distinctKeys = new Set(keyed.map((row) => row.key)).size;
      expect(distinctKeys, 'the data must tie on the sort key').toBeLessThan(customerCount);

      const paged = await allCustomerPages(`sort=${sort}&limit=3`);
      expect(paged.pages).toBe(Math.ceil(customerCount / 3));
      expect(paged.customers.map((c) => c.id)).toEqual(whole.customers.map((c) => c.id));
    },
  );

  it('lists newest customers first by default and puts customers never active last by lastActive', async () => {
    const newest = await customerPage('limit=6');
    expect(newest.customers.map((c) => c.externalId).sort()).toEqual(named.map((c) => c.externalId).sort());
    const byActivity = (await customerPage('sort=lastActive&limit=200')).customers;
    const firstInactive = byActivity.findIndex((c) => c.lastActive === null);
    expect(firstInactive).toBeGreaterThan(0);
    expect(byActivity.slice(firstInactive).every((c) => c.lastActive === null)).toBe(true);
  });

  it('filters by tag, city (ignoring case) and spend range, and pages within the filter', async () => {
    const vip = (await allCustomerPages('tag=vip&limit=2')).customers;
    expect(vip.map((c) => c.externalId).sort()).toEqual(
      ['asha-1', 'bina-1', ...generated.filter((c) => c.tags).map((c) => c.externalId)].sort(),
    );
    expect(vip.every((c) => c.tags.includes('vip'))).toBe(true);

    const pune = (await allCustomerPages('city=PUNE&limit=4')).customers;
    expect(pune.map((c) => c.externalId).sort()).toEqual(
      ['ashok-1', 'bina-1', ...generated.filter((c) => c.city === 'Pune').map((c) => c.externalId)].sort(),
    );

    const all = (await customerPage('limit=200')).customers;
    const midrange = await allCustomerPages('minSpend=75.5&maxSpend=250&sort=totalSpend&limit=4');
    expect(midrange.customers.map((c) => c.id).sort()).toEqual(
      all.filter((c) => c.totalSpend >= 75.5 && c.totalSpend <= 250).map((c) => c.id).sort(),
    );
    expectKeysetOrder(midrange.customers.map((c) => ({ id: c.id, key: c.totalSpend })));

    const combined = (await customerPage('tag=vip&city=pune&q=bina')).customers;
    expect(combined.map((c) => c.externalId)).toEqual(['bina-1']);
  });

  it('refuses a malformed or foreign cursor, a bad limit, a reversed spend range and unknown parameters with 400', async () => {
    const spendPage = await customerPage('sort=totalSpend&limit=2');
    expect(spendPage.nextCursor).not.toBeNull();
    for (const cursor of ['garbage', Buffer.from('{"o":"customers:totalSpend","v":"x","id":"1"}').toString('base64url'), spendPage.nextCursor ?? '']) {
      expect(await refusal(`/api/customers?cursor=${encodeURIComponent(cursor)}`)).toMatchObject({ status: 400, paths: ['query.cursor'] });
    }
    for (const limit of ['0', '201', 'ten', '2.5']) {
      expect(await refusal(`/api/customers?limit=${limit}`)).toMatchObject({ status: 400, paths: ['query.limit'] });
    }
    expect(await refusal('/api/customers?minSpend=10&maxSpend=5')).toMatchObject({ status: 400, paths: ['query.maxSpend'] });
    expect(await refusal('/api/customers?sort=name')).toMatchObject({ status: 400, paths: ['query.sort'] });
    // A filter this version does not know must not silently list everyone.
    const unknown = await refusal('/api/customers?colour=red');
    expect(unknown.status).toBe(400);
    expect(unknown.messages.join(' ')).toContain('colour');
    expect(await refusal('/api/customers?segment=not-an-id')).toMatchObject({ status: 400, paths: ['query.segment'] });
    expect((await refusal('/api/customers?segment=000000000000000000000000')).status).toBe(404);
  });
});

describe('GET /api/customers/:id', () => {
  it("answers the customer with aggregates and their latest 50 orders, newest first", async () => {
    const big = await get(`/api/customers/${idOf('big-1')}`, customerDetailSchema);
    const bigSpend = bigOrders.filter((o) => o.status !== 'refunded').reduce((sum, o) => sum + o.amount, 0);
    expect(big).toMatchObject({ externalId: 'big-1', name: 'Big Spender', orderCount: 55, totalSpend: bigSpend });
    expect(big.recentOrders).toHaveLength(50);
    expect(big.recentOrders[0]).toMatchObject({ orderId: 'big-55', customerId: big.id, waitingFor: null, status: 'paid', amount: 10 });
    expect(big.recentOrders[0]?.items).toEqual([{ sku: 'sku-55', name: null, category: null, quantity: 1, price: 10 }]);
    expectKeysetOrder(big.recentOrders.map((o) => ({ id: o.id, key: o.orderedAt })));
    expect(big.lastOrderAt).toBe(big.recentOrders[0]?.orderedAt);

    const asha = await get(`/api/customers/${idOf('asha-1').toUpperCase()}`, customerDetailSchema);
    expect(asha).toMatchObject({ phone: '+91 98450 11111', city: 'Mumbai', tags: ['vip'], orderCount: 3, totalSpend: 200 });
    expect(asha.recentOrders.map((o) => [o.orderId, o.status])).toEqual([
      ['o-a3', 'placed'],
      ['o-a2', 'cancelled'],
      ['o-a1', 'paid'],
    ]);
  });

  it('answers a customer stored with nothing but an identity with nulls and empty lists', async () => {
    const bare = await get(`/api/customers/${idOf('bare-1')}`, customerDetailSchema);
    expect(bare).toMatchObject({
      externalId: 'bare-1',
      email: null,
      name: null,
      phone: null,
      city: null,
      tags: [],
      attributes: {},
      visits: 0,
      totalSpend: 0,
      orderCount: 0,
      firstOrderAt: null,
      lastOrderAt: null,
      lastActive: null,
      signedUpAt: null,
      recentOrders: [],
    });
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const id of ['000000000000000000000000', 'nope', '1234', `${idOf('big-1')}0`]) {
      expect((await refusal(`/api/customers/${id}`)).status, id).toBe(404);
    }
  });
});

describe('GET /api/orders', () => {
  it('pages through every order exactly once, newest first, ties broken by id', async () => {
    const whole = await get('/api/orders?limit=200', orderPageSchema);
    expect(whole.orders).toHaveLength(orderCount);
    expectKeysetOrder(whole.orders.map((o) => ({ id: o.id, key: o.orderedAt })));
    const paged = await allOrderPages('limit=7');
    expect(paged.pages).toBe(Math.ceil(orderCount / 7));
    expect(paged.orders.map((o) => o.id)).toEqual(whole.orders.map((o) => o.id));
    expect((await get('/api/orders', orderPageSchema)).orders).toHaveLength(50);
  });

  it('filters by status, customer and time window', async () => {
    const refunded = (await allOrderPages('status=refunded&limit=3')).orders;
    expect(refunded.map((o) => o.orderId).sort()).toEqual(bigOrders.filter((o) => o.status === 'refunded').map((o) => o.orderId).sort());

    const ashas = (await allOrderPages(`customerId=${idOf('asha-1')}&limit=2`)).orders;
    expect(ashas.map((o) => o.orderId)).toEqual(['o-a3', 'o-a2', 'o-a1']);

    const april = (await allOrderPages('from=2025-04-02T09:00:00Z&to=2025-04-05T09:00:00Z&limit=1')).orders;
    expect(april.map((o) => o.orderId)).toEqual(['o-w1', 'o-b1']);

    const cancelledOfAsha = (await get(`/api/orders?customerId=${idOf('asha-1')}&status=cancelled`, orderPageSchema)).orders;
    expect(cancelledOfAsha.map((o) => o.orderId)).toEqual(['o-a2']);
  });

  it('shows an order whose customer has not arrived with what it waits for and no customer', async () => {
    const orders = (await get('/api/orders?from=2025-04-03T09:00:00Z&to=2025-04-03T09:00:01Z', orderPageSchema)).orders;
    expect(orders.map(({ id: _id, ...order }) => order)).toEqual([
      { orderId: 'o-w1', customerId: null, waitingFor: 'ext:nobody-yet', amount: 5, currency: null, status: 'placed', orderedAt: '2025-04-03T09:00:00.000Z', items: [] },
    ]);
  });

  it('refuses a bad status, customer id, date, window, cursor or limit with 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['status=lost', 'query.status'],
      ['customerId=xyz', 'query.customerId'],
      ['from=yesterday', 'query.from'],
      ['from=2025-04-05T00:00:00Z&to=2025-04-01T00:00:00Z', 'query.to'],
      ['cursor=%7B%7D', 'query.cursor'],
      ['limit=500', 'query.limit'],
    ];
    for (const [query, path] of cases) {
      expect(await refusal(`/api/orders?${query}`), query).toMatchObject({ status: 400, paths: [path] });
    }
    const customersCursor = (await customerPage('limit=1')).nextCursor ?? '';
    expect(await refusal(`/api/orders?cursor=${encodeURIComponent(customersCursor)}`)).toMatchObject({ status: 400, paths: ['query.cursor'] });
  });
});
