import { describe, expect, it } from 'vitest';
import { maxRecordsPerRequest, recordsOfBody, validateRecords } from './batch.js';
import { customerInputSchema } from './customer-input.js';

describe('recordsOfBody', () => {
  const customer = { email: 'a@b.co' };

  it('takes one record, an array, or an envelope named for the endpoint', () => {
    expect(recordsOfBody(customer, 'customers')).toEqual({ ok: true, records: [customer] });
    expect(recordsOfBody([customer, 'junk'], 'customers')).toEqual({ ok: true, records: [customer, 'junk'] });
    expect(recordsOfBody({ customers: [customer] }, 'customers')).toEqual({ ok: true, records: [customer] });
    expect(recordsOfBody({ orders: [{ amount: 1 }] }, 'orders')).toEqual({ ok: true, records: [{ amount: 1 }] });
    expect(recordsOfBody([], 'orders')).toEqual({ ok: true, records: [] });
  });

  it('refuses with 400 a body of the wrong shape or the other endpoint\'s envelope', () => {
    for (const body of ['customers', 42, null, undefined, { customers: 'a@b.co' }, { orders: [{ amount: 1 }] }, { customers: [], orders: [] }]) {
      expect(recordsOfBody(body, 'customers')).toMatchObject({ ok: false, status: 400 });
    }
    expect(recordsOfBody({ customers: [customer] }, 'orders')).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/customers/) as string });
  });

  it('reads a customer with an `orders` count as a record, not an envelope', () => {
    expect(recordsOfBody({ email: 'a@b.co', orders: 5 }, 'customers')).toEqual({ ok: true, records: [{ email: 'a@b.co', orders: 5 }] });
  });

  it(`refuses more than ${maxRecordsPerRequest} records with 413 naming the limit`, () => {
    const records = Array.from({ length: maxRecordsPerRequest + 1 }, () => customer);
    for (const body of [records, { customers: records }]) {
      const outcome = recordsOfBody(body, 'customers');
      expect(outcome).toMatchObject({ ok: false, status: 413 });
      if (!outcome.ok) expect(outcome.message).toContain('10000');
    }
    expect(recordsOfBody(records.slice(1), 'customers')).toMatchObject({ ok: true });
  });
});

describe('validateRecords', () => {
  it('judges every record on its own and keeps request indexes', () => {
    const { valid, rejected } = validateRecords(
      [{ email: 'one@example.com' }, { name: 'no identity' }, 'not an object', { externalId: 'c-4', spend: '10.50' }, { email: { $gt: '' } }],
      customerInputSchema,
    );
    expect(valid).toEqual([
      { index: 0, value: { email: 'one@example.com' } },
      { index: 3, value: { externalId: 'c-4', spend: 10.5 } },
    ]);
    expect(rejected.map((record) => record.index)).toEqual([1, 2, 4]);
    expect(rejected[0]?.errors).toEqual([{ path: 'externalId', message: 'send externalId or email' }]);
    expect(rejected[1]?.errors[0]?.path).toBe('');
  });

  it('refuses a record nested too deeply without validating its fields', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 10; level += 1) deep = { down: deep };
    const { rejected } = validateRecords([{ email: 'a@b.co', attributes: deep }], customerInputSchema);
    expect(rejected[0]?.errors).toEqual([{ path: 'attributes.down.down.down.down.down.down.down', message: 'nested deeper than 8 levels' }]);
  });
});
