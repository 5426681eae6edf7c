import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import { testServices } from './services.js';

/** A connection to the run's Redis, closed after the file; keys should come from `uniqueKey`. */
export function useTestRedis(): Redis {
  const redis = new Redis(testServices().redisUrl, { maxRetriesPerRequest: null });
  afterAll(() => {
    redis.disconnect();
  });
  return redis;
}

/** A key or stream name no other test uses. */
export function uniqueKey(prefix: string): string {
  return `test:${prefix}:${randomUUID()}`;
}
