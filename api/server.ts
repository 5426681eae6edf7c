import type { ApiConfig } from '../config/api.js';
import { pingConnection } from '../db/connection.js';
import { openDatabase } from '../db/open.js';
import type { Logger } from '../observability/logger.js';
import { drumbeatVersion } from '../observability/version.js';
import { RedisConnections } from '../streams/redis.js';
import { connectTemporalClient, pingTemporalConnection, type TemporalClientHandle } from '../temporal/client.js';
import { listen } from '../http/server.js';
import { createApp, type DrumbeatApp } from './app.js';

/** A listening API with everything it opened, closed together. */
export interface RunningApi {
  url: string;
  /** The app as built, for tests that walk its routes or use its services. */
  built: DrumbeatApp;
  close(): Promise<void>;
}

/** Connects the API to its services, listens, and returns a handle that shuts it down gracefully. */
export async function startApiServer(config: ApiConfig, logger: Logger): Promise<RunningApi> {
  const database = await openDatabase(config.services.mongoUri);
  const mongo = database.connection;
  const redis = new RedisConnections(config.services.redisUrl, logger, config.services.redisKeyPrefix);
  // Opened now: the health connection never queues commands, so it must be connected before the first probe.
  const healthRedis = redis.get('health');
  // A probe arriving while that first connect is still under way waits for it (bounded by the probe's own
  // timeout) instead of reporting a Redis outage that is only this process starting.
  const healthRedisFirstReady = new Promise<void>((resolve) => healthRedis.once('ready', () => resolve()));
  let healthRedisWasReady = false;
  void healthRedisFirstReady.then(() => (healthRedisWasReady = true));
  let temporal: TemporalClientHandle | undefined;
  try {
    temporal = await connectTemporalClient(config.services.temporalAddress, config.temporalNamespace);
    const temporalConnection = temporal.connection;
    const built = createApp({
      logger,
      keys: [config.sessionSecret],
      bodyLimitJson: config.bodyLimitJson,
      bodyLimitIngest: config.bodyLimitIngest,
      ingestMaxBacklog: config.ingestMaxBacklog,
      conversionWindowMs: config.conversionWindowMs,
      production: config.nodeEnv === 'production',
      publicUrl: config.publicUrl,
      auth: config.auth,
      corsAllowedOrigins: config.corsAllowedOrigins,
      rateLimits: config.rateLimits,
      segmentAttributes: config.segmentAttributes,
      models: database.models,
      redis: redis.get('commands'),
      webDistDir: config.webDistDir,
      temporal: {
        client: temporal.client,
        namespace: config.temporalNamespace,
        taskQueue: config.temporalTaskQueue,
        uiUrl: config.temporalUiUrl ?? null,
      },
      checks: {
        mongo: (timeoutMs) => pingConnection(mongo, timeoutMs),
        redis: async () => {
          if (healthRedis.status !== 'ready' && !healthRedisWasReady) await healthRedisFirstReady;
          if (healthRedis.status !== 'ready') throw new Error(`redis connection is ${healthRedis.status}`);
          await healthRedis.ping();
        },
        temporal: (timeoutMs) => pingTemporalConnection(temporalConnection, config.temporalNamespace, timeoutMs),
      },
      system: {
        name: 'drumbeat',
        version: drumbeatVersion(),
        environment: config.nodeEnv,
        docsUrl: '/api/docs',
        openapiUrl: '/api/openapi.json',
        temporalUiUrl: config.temporalUiUrl ?? null,
      },
    });
    const server = await listen(built.app.callback(), config.host, config.port, config.publicUrl);
    logger.info({ url: server.url }, 'api listening');
    const openedTemporal = temporal;
    return {
      url: server.url,
      built,
      close: async () => {
        await server.close();
        await Promise.allSettled([redis.close(), database.close(), openedTemporal.close()]);
      },
    };
  } catch (error) {
    await Promise.allSettled([redis.close(), database.close(), temporal?.close()]);
    throw error;
  }
}
