import { describe, expect, it } from 'vitest';
import { validateRecords } from './batch.js';
import { orderInputSchema } from './order-input.js';

const customerId = '665f1c2e8a1b2c3d4e5f6a7b';

function errorsOf(record: unknown): Array<{ path: string; message: string }> {
  const { rejected } = validateRecords([record], orderInputSchema);
  return rejected[0]?.errors ?? [];
}

describe('orderInputSchema', () => {
  it('accepts the most-cited example payload as-is', () => {
    expect(orderInputSchema.parse({ customerId, amount: 350.0, date: '2025-05-18T12:00:00.000Z' })).toEqual({
      customerId,
      amount: 350,
      orderedAt: new Date('2025-05-18T12:00:00.000Z'),
    });
  });

  it('takes the amount as a string and a date without a zone as UTC', () => {
    expect(orderInputSchema.parse({ customerId, amount: '350.00', date: '2025-05-18T12:00:00' })).toEqual({
      customerId,
      amount: 350,
      orderedAt: new Date('2025-05-18T12:00:00.000Z'),
    });
  });

  it('normalises ids, currency, status and items', () => {
    const order = orderInputSchema.parse({
      externalId: 5001,
      customerExternalId: 'crm-7',
      customerEmail: ' Buyer@Example.com',
      customerId: customerId.toUpperCase(),
      total: 30,
      currency: 'inr',
      status: ' PAID ',
      items: [{ sku: 'A-1', name: 'Mug', category: 'kitchen', quantity: '2', price: '10.00', colour: 'red' }, { price: 10, sku: null }],
    });
    expect(order).toEqual({
      orderId: '5001',
      customerId,
      customerExternalId: 'crm-7',
      customerEmail: 'buyer@example.com',
      amount: 30,
      currency: 'INR',
      status: 'paid',
      items: [
        { sku: 'A-1', name: 'Mug', category: 'kitchen', quantity: 2, price: 10 },
        { quantity: 1, price: 10 },
      ],
    });
  });

  it('takes aliases, and the main name wins when both are sent', () => {
    const aliased = orderInputSchema.parse({ customerEmail: 'a@b.co', totalAmount: 12, orderDate: '2025-01-02', externalId: 'o-1' });
    expect(aliased).toEqual({ customerEmail: 'a@b.co', amount: 12, orderedAt: new Date('2025-01-02T00:00:00Z'), orderId: 'o-1' });
    const both = orderInputSchema.parse({
      customerEmail: 'a@b.co',
      orderId: 'main',
      externalId: 'alias',
      amount: 5,
      total: 'not a number',
      orderedAt: '2025-03-03',
      date: '2025-01-01',
      createdAt: '2024-01-01',
    });
    expect(both).toMatchObject({ orderId: 'main', amount: 5, orderedAt: new Date('2025-03-03T00:00:00Z') });
    expect(orderInputSchema.parse({ customerEmail: 'a@b.co', amount: 1, date: '2025-01-01', createdAt: '2024-01-01' }).orderedAt).toEqual(
      new Date('2025-01-01T00:00:00Z'),
    );
  });

  it('leaves status unset when not sent, so a re-sent order cannot move back to placed', () => {
    expect(orderInputSchema.parse({ customerId, amount: 1 })).not.toHaveProperty('status');
    expect(errorsOf({ customerId, amount: 1, status: 'shipped' })).toEqual([
      { path: 'status', message: 'expected one of placed, paid, fulfilled, cancelled, refunded' },
    ]);
  });

  it('refuses negative, NaN-like, infinite and wordy amounts', () => {
    for (const amount of [-1, '-350.00', 'abc', 'NaN', 'Infinity', '1,200.50']) {
      expect(errorsOf({ customerId, amount }).map((error) => error.path)).toEqual(['amount']);
    }
    expect(orderInputSchema.safeParse({ customerId, amount: Number.NaN }).success).toBe(false);
    expect(orderInputSchema.safeParse({ customerId, amount: Number.POSITIVE_INFINITY }).success).toBe(false);
  });

  it('reports item errors with their index', () => {
    expect(errorsOf({ customerId, amount: 1, items: [{ price: 1 }, { price: -2, quantity: 0 }] })).toEqual([
      { path: 'items.1.quantity', message: 'must be at least 1' },
      { path: 'items.1.price', message: 'amounts must not be negative' },
    ]);
    expect(errorsOf({ customerId, amount: 1, items: [{ sku: 'x' }] })).toEqual([
      { path: 'items.0.price', message: expect.stringMatching(/expected an amount/) as string },
    ]);
    const tooMany = Array.from({ length: 501 }, () => ({ price: 1 }));
    expect(errorsOf({ customerId, amount: 1, items: tooMany })).toEqual([{ path: 'items', message: 'at most 500 items' }]);
  });

  it('refuses an order that names no customer, or no amount', () => {
    expect(errorsOf({ amount: 1 })).toEqual([{ path: 'customerId', message: 'send customerId, customerExternalId or customerEmail' }]);
    expect(errorsOf({ customerId })).toEqual([{ path: 'amount', message: 'send amount (or total / totalAmount)' }]);
    expect(errorsOf({ customerId: 'not-an-id', amount: 1 })).toEqual([
      { path: 'customerId', message: 'expected a Drumbeat customer id: 24 hexadecimal characters' },
    ]);
  });

  it('refuses $-keys and dotted keys anywhere, with their paths', () => {
    expect(errorsOf({ customerId, amount: 1, items: [{ price: 1, $inc: { stock: -1 } }] })).toEqual([
      { path: 'items.0.$inc', message: 'keys may not start with "$"' },
    ]);
    expect(errorsOf({ customerId: { $ne: null }, amount: 1 })).toContainEqual({ path: 'customerId.$ne', message: 'keys may not start with "$"' });
  });

  it('parses its own output again unchanged, as the consumers do after the stream', () => {
    const once = orderInputSchema.parse({ customerEmail: 'a@b.co', total: '9.99', status: 'Refunded', date: 1_747_569_600_000, items: [{ price: '9.99' }] });
    expect(orderInputSchema.parse(JSON.parse(JSON.stringify(once)))).toEqual(once);
  });
});
