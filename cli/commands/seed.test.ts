import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { describeKind, seedApiUrl, seedCommand } from './seed.js';

describe('drumbeat seed', () => {
  it.each([
    [['--customers', '-1'], /--customers/],
    [['--customers', '0', '--orders', '5'], /--orders: orders need at least one customer/],
    [['--seed', 'x'], /--seed/],
    [['--api-url', 'ftp://example.com'], /--api-url: expected an http\(s\) URL/],
    [['--unknown'], /Unknown option '--unknown'/],
  ])('refuses %j with a usage error', async (args, message) => {
    const outcome = seedCommand(args);
    await expect(outcome).rejects.toBeInstanceOf(UsageError);
    await expect(outcome).rejects.toThrow(message);
  });

  it('finds the API from the flag, then DRUMBEAT_API_URL, then a running `npm start`, then PORT', () => {
    const recorded = { DRUMBEAT_API_URL: 'http://127.0.0.1:4321' };
    expect(seedApiUrl('http://flag:1', { DRUMBEAT_API_URL: 'http://env:2' }, recorded)).toBe('http://flag:1');
    expect(seedApiUrl(undefined, { DRUMBEAT_API_URL: 'http://env:2' }, recorded)).toBe('http://env:2');
    expect(seedApiUrl(undefined, {}, recorded)).toBe('http://127.0.0.1:4321');
    expect(seedApiUrl(undefined, { PORT: '3005' }, {})).toBe('http://127.0.0.1:3005');
    expect(seedApiUrl(undefined, {}, {})).toBe('http://127.0.0.1:3000');
  });

  it('describes progress with what went wrong, if anything', () => {
    const progress = { total: 10_000, sent: 5_000, accepted: 5_000, rejected: 0, persisted: 2_500, deadLettered: 0 };
    expect(describeKind('customers', progress)).toBe('customers 5,000/10,000 sent, 2,500 persisted');
    expect(describeKind('orders', { ...progress, rejected: 2, deadLettered: 1 })).toBe('orders 5,000/10,000 sent, 2,500 persisted (2 rejected, 1 dead-lettered)');
  });
});
