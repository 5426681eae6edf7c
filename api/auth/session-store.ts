import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { signInMethodSchema, type SignInMethod } from '../../domain/auth/schemas.js';

const sessionRecordSchema = z.object({
  userId: z.string(),
  method: signInMethodSchema,
  csrfToken: z.string(),
  createdAt: z.number(),
  lastSeenAt: z.number(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});

/** What Redis holds for one signed-in browser. */
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

/** A live session: its record, the key it is stored under, and when it will lapse if left idle. */
export interface ActiveSession {
  key: string;
  record: SessionRecord;
  expiresAt: Date;
}

export interface SessionLifetimes {
  idleMs: number;
  maxAgeMs: number;
}

// Don't rewrite the session on every request: a minute of idle-time precision is plenty.
const touchIntervalMs = 60_000;

/**
 * Sessions in Redis. The browser holds a random token; Redis stores its SHA-256, so a copy of Redis
 * alone cannot be replayed as cookies. Each user's sessions are indexed so disabling a user ends
 * all of them at once.
 */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly lifetimes: SessionLifetimes,
    private readonly prefix = 'session',
  ) {}

  /** Starts a session and returns the token for the cookie. */
  async create(userId: string, method: SignInMethod, origin: { ip: string | null; userAgent: string | null }, now = Date.now()): Promise<{ token: string; session: ActiveSession }> {
    const token = randomBytes(32).toString('base64url');
    const key = this.keyOf(token);
    const record: SessionRecord = {
      userId,
      method,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      ip: origin.ip,
      userAgent: origin.userAgent?.slice(0, 256) ?? null,
    };
    await this.redis
      .multi()
      .set(key, JSON.stringify(record), 'PX', this.lifetimes.idleMs)
      .sadd(this.userIndexKey(userId), key)
      .pexpire(this.userIndexKey(userId), this.lifetimes.maxAgeMs)
      .exec();
    return { token, session: { key, record, expiresAt: this.expiryOf(record) } };
  }

  /** The live session for a token, refreshing its idle timer; null when unknown, idle too long or too old. */
  async resume(token: string, now = Date.now()): Promise<ActiveSession | null> {
    const key = this.keyOf(token);
    const stored = await this.redis.get(key);
    if (stored === null) return null;
    const parsed = sessionRecordSchema.safeParse(parseJson(stored));
    if (!parsed.success) {
      await this.redis.del(key);
      return null;
    }
    const record = parsed.data;
    // Redis expires idle sessions itself; the absolute lifetime is checked here.
    if (now - record.createdAt >= this.lifetimes.maxAgeMs || now - record.lastSeenAt >= this.lifetimes.idleMs) {
      await this.destroyKey(key, record.userId);
      return null;
    }
    if (now - record.lastSeenAt >= touchIntervalMs) {
      record.lastSeenAt = now;
      const remainingMs = Math.min(this.lifetimes.idleMs, record.createdAt + this.lifetimes.maxAgeMs - now);
      await this.redis.set(key, JSON.stringify(record), 'PX', Math.max(1, remainingMs), 'XX');
    }
    return { key, record, expiresAt: this.expiryOf(record) };
  }

  /** Ends one session. */
  async destroy(session: ActiveSession): Promise<void> {
    await this.destroyKey(session.key, session.record.userId);
  }

  /** Ends every session of a user (disabled, or signed out everywhere); returns how many ended. */
  async destroyAllOf(userId: string): Promise<number> {
    const indexKey = this.userIndexKey(userId);
    const keys = await this.redis.smembers(indexKey);
    if (keys.length === 0) return 0;
    const results = await this.redis.multi().del(...keys).del(indexKey).exec();
    return Number(results?.[0]?.[1] ?? 0);
  }

  private async destroyKey(key: string, userId: string): Promise<void> {
    await this.redis.multi().del(key).srem(this.userIndexKey(userId), key).exec();
  }

  private expiryOf(record: SessionRecord): Date {
    return new Date(Math.min(record.lastSeenAt + this.lifetimes.idleMs, record.createdAt + this.lifetimes.maxAgeMs));
  }

  private keyOf(token: string): string {
    return `${this.prefix}:${createHash('sha256').update(token).digest('hex')}`;
  }

  private userIndexKey(userId: string): string {
    return `${this.prefix}-of-user:${userId}`;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
