import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Middleware, ParameterizedContext } from 'koa';
import { z } from 'zod';
import { serviceUnavailable, tooManyRequests } from './errors/catalogue.js';

/** How many hits one identity may make per window. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

/** The answer to one hit: whether it is allowed and what is left of the current window. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Counts hits per bucket and identity in Redis. */
export interface RateLimiter {
  hit(bucket: string, identity: string, rule: RateRule): Promise<RateDecision>;
}

// A fixed window: one counter per identity, one INCR per hit, memory independent of the limit. It lets
// a caller burst up to twice the limit across a window boundary, which is fine for abuse throttling;
// a sliding log would store one entry per request to close that gap, and we don't need it.
// The expiry is (re)armed whenever the counter has none, so no key outlives its window even if an
// expiry was lost; INCR, PTTL and PEXPIRE run atomically in one round trip.
const fixedWindowHit = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

const commandName = 'drumbeatRateLimitHit';

// The script registered with defineCommand, typed for this module only rather than for every Redis client.
interface RateLimitCommands {
  [commandName](key: string, windowMs: number): Promise<unknown>;
}

// Buckets are names we choose in code; keeping them plain keeps the key format unambiguous.
const bucketFormat = /^[A-Za-z0-9_.-]{1,64}$/;

function assertBucket(bucket: string): void {
  if (!bucketFormat.test(bucket)) throw new RangeError(`Invalid rate-limit bucket "${bucket}": use 1-64 of A-Z a-z 0-9 _ . -`);
}

function isValidRule(rule: RateRule): boolean {
  return Number.isSafeInteger(rule.limit) && rule.limit >= 1 && Number.isSafeInteger(rule.windowMs) && rule.windowMs >= 1;
}

/**
 * A Redis-backed fixed-window rate limiter. A hit that Redis does not answer within `timeoutMs`
 * (default 500) rejects, so a hung connection cannot hold requests.
 */
export function createRateLimiter(redis: Redis, options: { prefix: string; timeoutMs?: number }): RateLimiter {
  redis.defineCommand(commandName, { numberOfKeys: 1, lua: fixedWindowHit });
  const commands = redis as Redis & RateLimitCommands;
  const timeoutMs = options.timeoutMs ?? 500;
  return {
    async hit(bucket, identity, rule) {
      assertBucket(bucket);
      if (!isValidRule(rule)) throw new RangeError(`Invalid rate rule: limit and windowMs must be positive integers`);
      // The window is part of the key: a counter started under one window length must not be judged
      // by another after the rule changes (it would reset late or early).
      const key = `${options.prefix}:${bucket}:${rule.windowMs}:${hashIdentity(identity)}`;
      const reply = await withTimeout(commands[commandName](key, rule.windowMs), timeoutMs);
      const [count, ttl] = z.tuple([z.number(), z.number()]).parse(reply);
      return { allowed: count <= rule.limit, limit: rule.limit, remaining: Math.max(0, rule.limit - count), resetMs: Math.max(0, ttl) };
    },
  };
}

// Identities carry IPs and API key ids: hashing keeps them out of Redis in clear, bounds the key length,
// and stops a crafted value (colons, braces, newlines) from changing the key's shape.
function hashIdentity(identity: string): string {
  return createHash('sha256').update(identity).digest('base64url').slice(0, 22);
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer the rate-limit hit within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const windowUnits = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const ruleFormat = /^(\d+)\s*\/\s*(\d*)\s*(ms|s|m|h|d)$/;

/** Parses "<limit>/<window>" such as "600/1m", "30/10s", "5/1h" or "100/500ms" ("600/m" means per 1 minute). */
export function parseRateRule(text: string): RateRule {
  const match = ruleFormat.exec(text.trim());
  const rule = match
    ? { limit: Number(match[1]), windowMs: Number(match[2] || '1') * windowUnits[match[3] as keyof typeof windowUnits] }
    : undefined;
  if (!rule || !isValidRule(rule)) {
    throw new Error(
      `Invalid rate rule "${text}": expected <limit>/<window> with both positive, such as "600/1m", "30/10s" or "100/500ms" (units ms, s, m, h, d)`,
    );
  }
  return rule;
}

/** A config value such as "600/1m", parsed into a RateRule. */
export const rateRuleSchema = z.string().transform((text, ctx): RateRule => {
  try {
    return parseRateRule(text);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'invalid rate rule' });
    return z.NEVER;
  }
});

/** What a rate-limit middleware counts, and against what. */
export interface RateLimitOptions {
  /** Names the limited thing ("login", "api"); buckets count independently. */
  bucket: string;
  rule: RateRule;
  /** Who the request counts against, e.g. ['ip:1.2.3.4', 'key:abc']; each is limited on its own. */
  identities: (ctx: ParameterizedContext) => string[];
  /** Refuse with 503 instead of letting requests through when Redis cannot be asked. */
  failClosed?: boolean;
}

/**
 * Counts the request against each of its identities and refuses it with 429 if any is over the
 * rule; RateLimit-* headers describe the tightest identity.
 */
export function rateLimitMiddleware(limiter: RateLimiter, options: RateLimitOptions): Middleware {
  const { bucket, rule } = options;
  // A bad rule or bucket is a programming error: refuse it at startup, not as a fail-open at runtime.
  if (!isValidRule(rule)) throw new RangeError(`Invalid rate rule for bucket "${bucket}": limit and windowMs must be positive integers`);
  assertBucket(bucket);

  // No decisions means nothing to count against, or Redis could not be asked and we fail open.
  async function decide(ctx: ParameterizedContext): Promise<RateDecision[]> {
    const identities = [...new Set(options.identities(ctx))];
    try {
      return await Promise.all(identities.map((identity) => limiter.hit(bucket, identity, rule)));
    } catch (error) {
      // Fail open by default: rate limiting protects the API, and must not take it down when Redis is.
      if (options.failClosed) throw serviceUnavailable('Rate limiting is unavailable; retry shortly.');
      ctx.state.log.warn({ err: error, bucket }, 'rate limiter unavailable; letting the request through');
      return [];
    }
  }

  return async (ctx, next) => {
    const decisions = await decide(ctx);
    if (decisions.length > 0) {
      const tightest = tightestDecision(decisions);
      ctx.set({
        'RateLimit-Limit': String(tightest.limit),
        'RateLimit-Remaining': String(tightest.remaining),
        'RateLimit-Reset': String(secondsUntil(tightest.resetMs)),
      });
      if (!tightest.allowed) throw tooManyRequests(secondsUntil(tightest.resetMs));
    }
    await next();
  };
}

// A refused request can retry only when every refusing identity has reset, so the latest reset wins;
// otherwise the identity with the fewest hits left.
function tightestDecision(decisions: RateDecision[]): RateDecision {
  const refused = decisions.filter((decision) => !decision.allowed);
  const candidates = refused.length > 0 ? refused : decisions;
  return candidates.reduce((tightest, decision) => {
    if (refused.length > 0) return decision.resetMs > tightest.resetMs ? decision : tightest;
    if (decision.remaining !== tightest.remaining) return decision.remaining < tightest.remaining ? decision : tightest;
    return decision.resetMs > tightest.resetMs ? decision : tightest;
  });
}

// Whole seconds, rounded up and at least 1, so a client that waits that long always finds a new window.
function secondsUntil(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
