import { describe, expect, it } from 'vitest';
import { uniqueKey, useTestRedis } from '../../test/helpers/redis.js';
import { SessionStore } from './session-store.js';

const redis = useTestRedis();
const hour = 3_600_000;
const origin = { ip: '127.0.0.1', userAgent: 'vitest' };

function store(): SessionStore {
  return new SessionStore(redis, { idleMs: 2 * hour, maxAgeMs: 8 * hour }, uniqueKey('session'));
}

describe('SessionStore', () => {
  it('keeps a session alive while it is used, up to the absolute lifetime', async () => {
    const sessions = store();
    const start = Date.now();
    const { token } = await sessions.create('user-1', 'google', origin, start);
    for (let elapsed = hour; elapsed < 8 * hour; elapsed += hour) {
      expect(await sessions.resume(token, start + elapsed), `after ${elapsed / hour} h`).not.toBeNull();
    }
    expect(await sessions.resume(token, start + 8 * hour)).toBeNull();
    // Ended for good: not even an earlier clock brings it back.
    expect(await sessions.resume(token, start + hour)).toBeNull();
  });

  it('ends a session left idle longer than the idle timeout', async () => {
    const sessions = store();
    const start = Date.now();
    const { token } = await sessions.create('user-2', 'dev', origin, start);
    expect(await sessions.resume(token, start + 2 * hour - 1_000)).not.toBeNull();
    expect(await sessions.resume(token, start + 4 * hour)).toBeNull();
  });

  it('reports when it will lapse and stores only a hash of the token', async () => {
    const sessions = store();
    const start = Date.now();
    const { token, session } = await sessions.create('user-3', 'google', origin, start);
    expect(session.expiresAt.getTime()).toBe(start + 2 * hour);
    expect(session.key).not.toContain(token);
    expect(await redis.pttl(session.key)).toBeGreaterThan(2 * hour - 5_000);
    expect(JSON.stringify(await redis.get(session.key))).not.toContain(token);
  });

  it('ends all sessions of one user and no one else', async () => {
    const sessions = store();
    const a = await sessions.create('user-4', 'google', origin);
    const b = await sessions.create('user-4', 'dev', origin);
    const other = await sessions.create('user-5', 'google', origin);
    expect(await sessions.destroyAllOf('user-4')).toBe(2);
    expect(await sessions.resume(a.token)).toBeNull();
    expect(await sessions.resume(b.token)).toBeNull();
    expect(await sessions.resume(other.token)).not.toBeNull();
  });
});
