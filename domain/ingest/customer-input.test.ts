import { describe, expect, it } from 'vitest';
import { validateRecords } from './batch.js';
import { customerIdentityKey, customerInputSchema } from './customer-input.js';

// Field errors of one customer record, as the API reports them.
function errorsOf(record: unknown): Array<{ path: string; message: string }> {
  const { rejected } = validateRecords([record], customerInputSchema);
  return rejected[0]?.errors ?? [];
}

describe('customerInputSchema', () => {
  it('accepts the most-cited example payload as-is', () => {
    const customer = customerInputSchema.parse({
      name: 'John Doe',
      email: 'john.doe@example.com',
      spend: 1200.75,
      visits: 10,
      lastActive: '2025-05-10T15:30:00.000Z',
    });
    expect(customer).toEqual({
      name: 'John Doe',
      email: 'john.doe@example.com',
      spend: 1200.75,
      visits: 10,
      lastActive: new Date('2025-05-10T15:30:00.000Z'),
    });
  });

  it('normalises what integrators really send', () => {
    const customer = customerInputSchema.parse({
      externalId: 1017,
      email: '  John.Doe@Example.COM ',
      phone: ' +91 98765 43210 ',
      city: 'Pune',
      spend: '350.00',
      visits: '3',
      tags: 'a, b, a',
      attributes: { tier: 'gold', optedIn: true },
      signedUpAt: '2024-01-02',
    });
    expect(customer).toEqual({
      externalId: '1017',
      email: 'john.doe@example.com',
      phone: '+91 98765 43210',
      city: 'Pune',
      spend: 350,
      visits: 3,
      tags: ['a', 'b'],
      attributes: { tier: 'gold', optedIn: true },
      signedUpAt: new Date('2024-01-02T00:00:00.000Z'),
    });
  });

  it('drops unknown keys and reads null as not sent', () => {
    const customer = customerInputSchema.parse({ email: 'a@b.co', id: '665f1c2e8a1b2c3d4e5f6a7b', loyalty: { points: 5 }, phone: null });
    expect(customer).toEqual({ email: 'a@b.co' });
  });

  it('takes aliases, and the main name wins when both are sent', () => {
    expect(
      customerInputSchema.parse({ email: 'a@b.co', totalSpend: 99, lastOrderDate: '2025-01-01', createdAt: '2024-01-01' }),
    ).toEqual({ email: 'a@b.co', spend: 99, lastActive: new Date('2025-01-01T00:00:00Z'), signedUpAt: new Date('2024-01-01T00:00:00Z') });
    expect(customerInputSchema.parse({ email: 'a@b.co', lastActiveAt: '2025-02-01', lastOrderDate: '2025-01-01' }).lastActive).toEqual(
      new Date('2025-02-01T00:00:00Z'),
    );
    // The losing alias is not even validated: the integrator's main field is what counts.
    expect(customerInputSchema.parse({ email: 'a@b.co', spend: 10, totalSpend: 'garbage', lastActive: '2025-03-01', lastActiveAt: 'never' })).toEqual({
      email: 'a@b.co',
      spend: 10,
      lastActive: new Date('2025-03-01T00:00:00Z'),
    });
  });

  it('reports an alias error under the name the integrator sent', () => {
    expect(errorsOf({ email: 'a@b.co', totalSpend: -3 })).toEqual([{ path: 'totalSpend', message: 'amounts must not be negative' }]);
  });

  it('refuses an operator object in place of an e-mail, both as a $-key and as the wrong type', () => {
    const errors = errorsOf({ email: { $gt: '' } });
    expect(errors).toContainEqual({ path: 'email.$gt', message: 'keys may not start with "$"' });
    expect(errors).toContainEqual({ path: 'email', message: expect.stringMatching(/expected string/) as string });
  });

  it('refuses $-keys and dotted keys in attributes, with their paths', () => {
    expect(errorsOf({ email: 'a@b.co', attributes: { 'a.b': 1 } })).toEqual([{ path: 'attributes["a.b"]', message: 'keys may not contain "."' }]);
    expect(errorsOf({ email: 'a@b.co', attributes: { $where: 'sleep(1000)' } })).toEqual([
      { path: 'attributes.$where', message: 'keys may not start with "$"' },
    ]);
  });

  it('refuses $-keys even under a key it would otherwise drop', () => {
    expect(errorsOf({ email: 'a@b.co', extra: { $set: { admin: true } } })).toEqual([{ path: 'extra.$set', message: 'keys may not start with "$"' }]);
  });

  it('refuses strings over their caps, naming the field and the limit', () => {
    expect(errorsOf({ email: 'a@b.co', name: 'n'.repeat(201), phone: '1'.repeat(33), city: 'c'.repeat(101), externalId: 'x'.repeat(129) })).toEqual([
      { path: 'externalId', message: 'must be at most 128 characters' },
      { path: 'name', message: 'must be at most 200 characters' },
      { path: 'phone', message: 'must be at most 32 characters' },
      { path: 'city', message: 'must be at most 100 characters' },
    ]);
  });

  it('refuses a customer with neither externalId nor email, and reports its other errors too', () => {
    expect(errorsOf({ name: 'John Doe' })).toEqual([{ path: 'externalId', message: 'send externalId or email' }]);
    expect(errorsOf({ id: 'crm-1', visits: -1 })).toEqual([
      { path: 'externalId', message: 'send externalId or email' },
      { path: 'visits', message: 'must be at least 0' },
    ]);
  });

  it('refuses a record that is not an object', () => {
    expect(errorsOf('john@example.com')).toEqual([{ path: '', message: expect.stringMatching(/expected object/) as string }]);
  });

  it('parses its own output again unchanged, as the consumers do after the stream', () => {
    const once = customerInputSchema.parse({ externalId: 7, email: 'A@B.co', tags: 'x,y', spend: '1.005', lastActive: '2025-05-18T12:00:00' });
    const again = customerInputSchema.parse(JSON.parse(JSON.stringify(once)));
    expect(again).toEqual(once);
  });
});

describe('customerIdentityKey', () => {
  it('keys by externalId when sent, else by e-mail', () => {
    expect(customerIdentityKey(customerInputSchema.parse({ externalId: 'c-1', email: 'a@b.co' }))).toBe('ext:c-1');
    expect(customerIdentityKey(customerInputSchema.parse({ email: 'A@B.co' }))).toBe('email:a@b.co');
  });
});
