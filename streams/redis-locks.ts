import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';

// Deletes a lock only if this holder still holds it (it may have expired and been taken since).
const releaseScript = `
local released = 0
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('DEL', key)
    released = released + 1
  end
end
return released
`;

// Extends a lock only while this holder still holds it.
const renewScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** Tries to take each lock at once (one round trip); returns which keys this token now holds. */
export async function tryLocks(redis: Redis, keys: string[], token: string, ttlMs: number): Promise<boolean[]> {
  if (keys.length === 0) return [];
  const pipeline = redis.pipeline();
  for (const key of keys) pipeline.set(key, token, 'PX', ttlMs, 'NX');
  const results = (await pipeline.exec()) ?? [];
  return keys.map((_, index) => results[index]?.[1] === 'OK');
}

/** Releases the locks among `keys` that `token` still holds. */
export async function releaseLocks(redis: Redis, keys: string[], token: string): Promise<void> {
  if (keys.length > 0) await redis.eval(releaseScript, keys.length, ...keys, token);
}

/** A lock stayed taken for longer than the caller would wait: the work is retried later. */
export class LockBusyError extends Error {
  override readonly name = 'LockBusyError';
  /** Says to the stream runner that retrying the batch later will work. */
  readonly transient = true;
  constructor(key: string, waitedMs: number) {
    super(`lock ${key} stayed taken for ${waitedMs} ms`);
  }
}

/**
 * Runs `work` holding one lock, waiting up to `waitMs` for it (short, jittered polls). While the work
 * runs the lock is renewed every third of its TTL, so the TTL can be short: a holder that dies (a
 * SIGKILL, a lost machine) frees the lock within `ttlMs`, while a live one keeps it however long it works.
 */
export async function withLock<T>(redis: Redis, key: string, options: { ttlMs: number; waitMs: number }, work: () => Promise<T>): Promise<T> {
  const token = randomUUID();
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    const [held] = await tryLocks(redis, [key], token, options.ttlMs);
    if (held) break;
    const waited = Date.now() - started;
    if (waited >= options.waitMs) throw new LockBusyError(key, waited);
    await sleep(Math.min(5 * 2 ** attempt, 100) * (0.5 + Math.random()));
  }
  const renewal = setInterval(() => {
    // A failed renewal is retried at the next tick; the TTL leaves room for two misses.
    redis.eval(renewScript, 1, key, token, options.ttlMs).catch(() => undefined);
  }, Math.max(Math.floor(options.ttlMs / 3), 100));
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await releaseLocks(redis, [key], token);
  }
}
