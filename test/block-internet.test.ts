import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { isLoopback } from './setup/block-internet.js';

describe('outbound network in tests', () => {
  it('refuses a connection to a public host before any packet leaves', async () => {
    const error: unknown = await fetch('http://example.com/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error & { cause?: unknown }).cause)).toMatch(/Outbound network access is blocked in tests \(tried to connect to example\.com\)/);
  });

  it('refuses a raw socket to a private address', () => {
    expect(() => net.connect({ host: '10.1.2.3', port: 80 })).toThrow(/blocked in tests/);
  });

  it('allows loopback', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('localhost')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('192.168.0.1')).toBe(false);
  });
});
