import { describe, expect, it } from 'vitest';
import type { VendorMessage } from '../domain/vendor-api.js';
import { decideOutcome, maxBodyLength, rejectionOf } from './outcome.js';

const ids = Array.from({ length: 2_000 }, (_, index) => `message-${index}`);
const outcomesOf = (seed: string, order: string[]): Map<string, string> =>
  new Map(order.map((messageId) => [messageId, JSON.stringify(decideOutcome(seed, 0.1, { messageId, channel: 'sms' }))]));

describe('decideOutcome', () => {
  it('gives the same outcome to the same message under the same seed, whatever the order', () => {
    const forwards = outcomesOf('seed-a', ids);
    const backwards = outcomesOf('seed-a', [...ids].reverse());
    expect([...backwards.entries()].sort()).toEqual([...forwards.entries()].sort());
  });

  it('gives different outcomes under another seed, at the same rate', () => {
    const a = outcomesOf('seed-a', ids);
    const b = outcomesOf('seed-b', ids);
    const differing = ids.filter((id) => a.get(id) !== b.get(id)).length;
    expect(differing).toBeGreaterThan(100);
    const failedShare = (outcomes: Map<string, string>): number => [...outcomes.values()].filter((value) => value.includes('FAILED')).length / ids.length;
    expect(failedShare(a)).toBeGreaterThan(0.08);
    expect(failedShare(a)).toBeLessThan(0.12);
    expect(failedShare(b)).toBeGreaterThan(0.08);
    expect(failedShare(b)).toBeLessThan(0.12);
  });

  it('fails nothing at rate 0 and everything at rate 1, with a reason fit for the channel', () => {
    expect(ids.every((messageId) => decideOutcome('s', 0, { messageId, channel: 'email' }).status === 'DELIVERED')).toBe(true);
    const reasons = new Set(ids.map((messageId) => {
      const outcome = decideOutcome('s', 1, { messageId, channel: 'email' });
      return outcome.status === 'FAILED' ? outcome.reason : 'none';
    }));
    expect([...reasons].sort()).toEqual(['Domain not found', 'Mailbox full', 'Mailbox unavailable', 'Rejected as spam']);
  });
});

describe('rejectionOf', () => {
  const message = (fields: Partial<VendorMessage>): VendorMessage => ({ messageId: 'm', channel: 'sms', to: '+14155550100', body: 'Hi', ...fields });

  it('accepts E.164 numbers for sms and whatsapp and e-mail addresses for email', () => {
    expect(rejectionOf(message({}))).toBeUndefined();
    expect(rejectionOf(message({ channel: 'whatsapp', to: '+919876543210' }))).toBeUndefined();
    expect(rejectionOf(message({ channel: 'email', to: 'ada@example.com', subject: 'Hello' }))).toBeUndefined();
  });

  it('rejects implausible addresses, empty bodies and bodies too long for the channel', () => {
    expect(rejectionOf(message({ to: '4155550100' }))).toMatch(/E\.164/);
    expect(rejectionOf(message({ to: '+0155550100' }))).toMatch(/E\.164/);
    expect(rejectionOf(message({ channel: 'whatsapp', to: 'ada@example.com' }))).toMatch(/E\.164/);
    expect(rejectionOf(message({ channel: 'email', to: '+14155550100' }))).toMatch(/e-mail/);
    expect(rejectionOf(message({ body: '  ' }))).toBe('body is empty');
    expect(rejectionOf(message({ body: 'x'.repeat(maxBodyLength.sms + 1) }))).toMatch(/longer than 1600/);
    expect(rejectionOf(message({ channel: 'email', to: 'ada@example.com', body: 'x'.repeat(maxBodyLength.sms + 1) }))).toBeUndefined();
  });
});
