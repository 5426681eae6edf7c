import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import Router from '@koa/router';
import { Redis } from 'ioredis';
import Koa from 'koa';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { uniqueKey, useTestRedis } from '../test/helpers/redis.js';
import { errorMiddleware } from './errors/middleware.js';
import {
  createRateLimiter,
  parseRateRule,
  rateLimitMiddleware,
  rateRuleSchema,
  type RateLimiter,
  type RateLimitOptions,
} from './rate-limit.js';
import { requestContext } from './request-context.js';
import { listen, type ListeningServer } from './server.js';

const redis = useTestRedis();
const aMinute = { limit: 3, windowMs: 60_000 };

describe('parseRateRule', () => {
  it('parses a limit per window in ms, s, m, h and d', () => {
    expect(parseRateRule('600/1m')).toEqual({ limit: 600, windowMs: 60_000 });
    expect(parseRateRule('30/10s')).toEqual({ limit: 30, windowMs: 10_000 });
    expect(parseRateRule('5/1h')).toEqual({ limit: 5, windowMs: 3_600_000 });
    expect(parseRateRule('100/500ms')).toEqual({ limit: 100, windowMs: 500 });
    expect(parseRateRule(' 1000 / 1d ')).toEqual({ limit: 1000, windowMs: 86_400_000 });
    expect(parseRateRule('600/m')).toEqual({ limit: 600, windowMs: 60_000 });
  });

  it.each(['', '600', '600/1', '600/1y', '0/1m', '600/0s', '-5/1m', '1.5/1m', 'abc/1m', '600/1m extra', '99999999999999999999/1s'])(
    'rejects "%s" with a message showing the expected form',
    (text) => {
      expect(() => parseRateRule(text)).toThrow(/^Invalid rate rule ".*": expected <limit>\/<window> .* such as "600\/1m"/);
    },
  );

  it('serves config as a zod schema that reports a bad rule as an issue', () => {
    expect(rateRuleSchema.parse('30/10s')).toEqual({ limit: 30, windowMs: 10_000 });
    const result = rateRuleSchema.safeParse('lots');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/Invalid rate rule "lots"/);
  });
});

describe('createRateLimiter against Redis', () => {
  it('allows up to the limit, then refuses with nothing remaining until the window resets', async () => {
    const limiter = createRateLimiter(redis, { prefix: uniqueKey('rate') });
    const decisions = [];
    for (let hit = 0; hit < 4; hit++) decisions.push(await limiter.hit('login', 'ip:10.0.0.1', aMinute));
    expect(decisions.map((decision) => [decision.allowed, decision.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[3]?.limit).toBe(3);
    expect(decisions[3]?.resetMs).toBeGreaterThan(50_000);
    expect(decisions[3]?.resetMs).toBeLessThanOrEqual(60_000);
  });

  it('allows again once the window has passed', async () => {
    const limiter = createRateLimiter(redis, { prefix: uniqueKey('rate') });
    const rule = { limit: 1, windowMs: 300 };
    expect((await limiter.hit('login', 'ip:10.0.0.2', rule)).allowed).toBe(true);
    expect((await limiter.hit('login', 'ip:10.0.0.2', rule)).allowed).toBe(false);
    await sleep(350);
    expect(await limiter.hit('login', 'ip:10.0.0.2', rule)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('counts identities and buckets independently', async () => {
    const limiter = createRateLimiter(redis, { prefix: uniqueKey('rate') });
    const rule = { limit: 1, windowMs: 60_000 };
    expect((await limiter.hit('login', 'ip:10.0.0.3', rule)).allowed).toBe(true);
    expect((await limiter.hit('login', 'ip:10.0.0.3', rule)).allowed).toBe(false);
    expect((await limiter.hit('login', 'ip:10.0.0.4', rule)).allowed).toBe(true);
    expect((await limiter.hit('ingest', 'ip:10.0.0.3', rule)).allowed).toBe(true);
  });

  it('gives every counter an expiry within the window, so keys disappear', async () => {
    const prefix = uniqueKey('rate');
    const limiter = createRateLimiter(redis, { prefix });
    await limiter.hit('login', 'ip:10.0.0.5', { limit: 5, windowMs: 300 });
    const [key, ...others] = await redis.keys(`${prefix}:*`);
    expect(others).toEqual([]);
    const ttl = await redis.pttl(key ?? '');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await sleep(350);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
  });

  it('re-arms the expiry of a counter that lost it', async () => {
    const prefix = uniqueKey('rate');
    const limiter = createRateLimiter(redis, { prefix });
    await limiter.hit('login', 'ip:10.0.0.6', aMinute);
    const [key = ''] = await redis.keys(`${prefix}:*`);
    await redis.persist(key);
    await limiter.hit('login', 'ip:10.0.0.6', aMinute);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('hashes the identity, so separators and secrets never shape or appear in the key', async () => {
    const prefix = uniqueKey('rate');
    const limiter = createRateLimiter(redis, { prefix });
    await limiter.hit('login', 'key:secret-api-key:{x}\n*', aMinute);
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${prefix}:login:60000:[A-Za-z0-9_-]{22}$`));
    expect(keys[0]).not.toContain('secret');
  });

  it('rejects a bucket name that could break the key format', async () => {
    const limiter = createRateLimiter(redis, { prefix: uniqueKey('rate') });
    await expect(limiter.hit('a:b', 'ip:1.2.3.4', aMinute)).rejects.toThrow(/Invalid rate-limit bucket/);
  });
});

describe('rateLimitMiddleware', () => {
  const logged: string[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    logged.length = 0;
  });

  // A small app whose requests count against the identities listed in the X-Identities header.
  async function startApp(limiter: RateLimiter, options: Partial<RateLimitOptions> = {}): Promise<ListeningServer> {
    const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(line) });
    const app = new Koa();
    app.silent = true;
    const router = new Router();
    router.get('/thing', (ctx) => {
      ctx.body = { ok: true };
    });
    app.use(requestContext(logger));
    app.use(errorMiddleware());
    app.use(
      rateLimitMiddleware(limiter, {
        bucket: 'api',
        rule: aMinute,
        identities: (ctx) => ctx.get('X-Identities').split(',').filter(Boolean),
        ...options,
      }),
    );
    app.use(router.routes());
    const server = await listen(app.callback(), '127.0.0.1', 0);
    cleanups.push(() => server.close());
    return server;
  }

  const get = (server: ListeningServer, identities: string[]) =>
    fetch(`${server.url}/thing`, { headers: { 'X-Identities': identities.join(',') } });

  it('allows up to the limit with RateLimit headers, then answers 429 rate_limited with Retry-After', async () => {
    const server = await startApp(createRateLimiter(redis, { prefix: uniqueKey('rate') }));
    const ip = `ip:${randomUUID()}`;
    for (const remaining of ['2', '1', '0']) {
      const response = await get(server, [ip]);
      expect(response.status).toBe(200);
      expect(response.headers.get('RateLimit-Limit')).toBe('3');
      expect(response.headers.get('RateLimit-Remaining')).toBe(remaining);
      expect(Number(response.headers.get('RateLimit-Reset'))).toBeGreaterThanOrEqual(59);
    }
    const refused = await get(server, [ip]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await refused.json()).toMatchObject({ status: 429, code: 'rate_limited' });
    const retryAfter = refused.headers.get('Retry-After') ?? '';
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(59);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.headers.get('RateLimit-Remaining')).toBe('0');
  });

  it('recovers after the window, with a Retry-After of at least 1 second for a sub-second window', async () => {
    const server = await startApp(createRateLimiter(redis, { prefix: uniqueKey('rate') }), { rule: { limit: 1, windowMs: 500 } });
    const ip = `ip:${randomUUID()}`;
    expect((await get(server, [ip])).status).toBe(200);
    const refused = await get(server, [ip]);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('1');
    await sleep(550);
    expect((await get(server, [ip])).status).toBe(200);
  });

  it('refuses when any identity is over, and reports the tightest one', async () => {
    const prefix = uniqueKey('rate');
    const limiter = createRateLimiter(redis, { prefix });
    const server = await startApp(limiter);
    const ip = `ip:${randomUUID()}`;
    const key = `key:${randomUUID()}`;
    await limiter.hit('api', key, aMinute);

    const both = await get(server, [ip, key]);
    expect(both.status).toBe(200);
    expect(both.headers.get('RateLimit-Remaining')).toBe('1'); // the key's, not the fresh ip's 2

    await limiter.hit('api', key, aMinute);
    const refused = await get(server, [ip, key]);
    expect(refused.status).toBe(429);
    expect((await get(server, [ip])).status).toBe(200); // the ip alone still has room
  });

  it('fails open with a logged warning when Redis is down', async () => {
    const down = await unreachableRedis();
    cleanups.push(() => down.disconnect());
    const server = await startApp(createRateLimiter(down, { prefix: uniqueKey('rate') }));
    const response = await get(server, ['ip:10.9.9.9']);
    expect(response.status).toBe(200);
    expect(response.headers.get('RateLimit-Limit')).toBeNull();
    expect(logged.some((line) => line.includes('"level":40') && line.includes('rate limiter unavailable'))).toBe(true);
  });

  it('fails open when Redis accepts the connection but never answers', async () => {
    const silent = await silentServer();
    cleanups.push(silent.close);
    const hung = new Redis({ host: '127.0.0.1', port: silent.port, maxRetriesPerRequest: null });
    hung.on('error', () => undefined);
    cleanups.push(() => hung.disconnect());
    const server = await startApp(createRateLimiter(hung, { prefix: uniqueKey('rate'), timeoutMs: 100 }));
    const started = Date.now();
    expect((await get(server, ['ip:10.9.9.8'])).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses with 503 instead when told to fail closed', async () => {
    const down = await unreachableRedis();
    cleanups.push(() => down.disconnect());
    const server = await startApp(createRateLimiter(down, { prefix: uniqueKey('rate') }), { failClosed: true });
    const response = await get(server, ['ip:10.9.9.7']);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'service_unavailable' });
  });

  it('refuses an invalid rule or bucket when the middleware is built', () => {
    const limiter = createRateLimiter(redis, { prefix: uniqueKey('rate') });
    const identities = () => [];
    expect(() => rateLimitMiddleware(limiter, { bucket: 'api', rule: { limit: 0, windowMs: 1_000 }, identities })).toThrow(/Invalid rate rule/);
    expect(() => rateLimitMiddleware(limiter, { bucket: 'a b', rule: aMinute, identities })).toThrow(/Invalid rate-limit bucket/);
  });
});

// A client for a port nothing listens on, that fails commands at once instead of queueing them.
async function unreachableRedis(): Promise<Redis> {
  const silent = await silentServer();
  await silent.close();
  const client = new Redis({
    host: '127.0.0.1',
    port: silent.port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  return client;
}

// A TCP server that accepts connections and never says a word: a hung Redis.
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
