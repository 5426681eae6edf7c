import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll } from 'vitest';
import type { RunningApi } from '../../api/server.js';
import { openDatabase, type Database } from '../../db/open.js';
import { ingestionStatusSchema, type IngestionStatus } from '../../domain/ingest-status.js';
import { createLogger } from '../../observability/logger.js';
import { startConsumers, type RunningConsumers } from '../../streams/consumer-set.js';
import { RedisConnections } from '../../streams/redis.js';
import { useTestApi } from './api.js';
import { TestBrowser } from './browser.js';
import { freshDatabaseUri } from './database.js';
import { testServices } from './services.js';

/** An API and in-process consumers sharing a fresh database and a Redis key prefix of their own. */
export interface IngestionHarness {
  api: RunningApi;
  database: Database;
  /** A signed-in marketer's browser (marketers may ingest). */
  marketer: TestBrowser;
  /** Waits until the consumers finished an ingestion and every customer aggregate is settled; returns its status. */
  waitUntilDone(ingestionId: string, timeoutMs?: number): Promise<IngestionStatus>;
  redisKeyPrefix: string;
  mongoUri: string;
}

/**
 * Sets up ingestion for a test file: the real API and the real consumers over a fresh database and
 * their own Redis key prefix, so files running in parallel never consume each other's streams.
 */
export function useIngestion(overrides: Record<string, string> = {}): () => IngestionHarness {
  const redisKeyPrefix = `test:${randomUUID().slice(0, 8)}:`;
  let mongoUri = '';
  const api = useTestApi(() => {
    mongoUri = freshDatabaseUri().uri;
    return { MONGODB_URI: mongoUri, REDIS_KEY_PREFIX: redisKeyPrefix, AUTH_DEFAULT_ROLE: 'marketer', ...overrides };
  });
  let harness: IngestionHarness | undefined;
  let consumers: RunningConsumers | undefined;
  let redis: RedisConnections | undefined;
  beforeAll(async () => {
    const database = await openDatabase(mongoUri);
    const logger = createLogger({ role: 'consumers', level: (process.env.TEST_CONSUMER_LOG_LEVEL as 'silent' | undefined) ?? 'silent' });
    redis = new RedisConnections(testServices().redisUrl, logger, redisKeyPrefix);
    consumers = await startConsumers(database, redis, {
      consumerName: 'test-consumer',
      batchSize: 100,
      blockMs: 200,
      claimIdleMs: 60_000,
      maxDeliveries: 5,
      logger,
    });
    const marketer = new TestBrowser(api().url);
    await marketer.devSignIn('marketer@ingest.test');
    harness = {
      api: api(),
      database,
      marketer,
      redisKeyPrefix,
      mongoUri,
      async waitUntilDone(ingestionId, timeoutMs = 30_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const response = await marketer.request(`/api/ingestions/${ingestionId}`);
          const status = ingestionStatusSchema.parse(await response.json());
          if (status.done && status.customersAwaitingAggregates === 0) return status;
          if (Date.now() > deadline) throw new Error(`ingestion ${ingestionId} not done after ${timeoutMs} ms: ${JSON.stringify(status)}`);
          await sleep(50);
        }
      },
    };
  });
  afterAll(async () => {
    await consumers?.stop();
    await redis?.close();
    await harness?.database.connection.dropDatabase();
    await harness?.database.close();
  });
  return () => {
    if (!harness) throw new Error('useIngestion(): set up in beforeAll');
    return harness;
  };
}
