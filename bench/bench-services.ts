import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { loadSupervisorConfig } from '../config/supervisor.js';
import { provisionServices } from '../services/provision.js';
import type { Teardown } from './teardown.js';
import { openDatabase, type Database } from '../db/open.js';
import { benchServiceEnv } from './bench-api.js';

/** Where a benchmark's services are, and what they are (for the report). */
export interface BenchServices {
  /** The MongoDB-wire server; pick a database on it with `databaseUri`. */
  mongoUri: string;
  redisUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  /** Scratch space removed at teardown (logs, the embedded services' data). */
  dataDir: string;
  describe: { mongo: string; redis: string; temporal: string };
  /** Processes started here, for CPU accounting (absent for services from the environment). */
  pids: { mongoServer?: number; redis?: number };
}

/**
 * Provisions MongoDB-wire, Redis and Temporal as the test global setup does: the ones set by
 * MONGODB_URI / REDIS_URL / TEMPORAL_ADDRESS are used as they are, the rest start embedded on free
 * ports in a scratch data directory. Both are undone by the teardown.
 */
export async function provisionBenchServices(teardown: Teardown, progress: (message: string) => void): Promise<BenchServices> {
  const config = loadSupervisorConfig({ ...process.env, NODE_ENV: 'test' });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'drumbeat-bench-'));
  teardown.add('remove the scratch data directory', () => fs.rm(dataDir, { recursive: true, force: true }));
  const services = await provisionServices({
    dataDir,
    cacheDir: config.cacheDir,
    progress: (message) => progress(`services: ${message}`),
    preferConventionalPorts: false,
    configured: config.configuredServices,
  });
  teardown.add('stop the provisioned services', () => services.stop());
  return {
    mongoUri: services.mongo.url,
    redisUrl: services.redis.url,
    temporalAddress: services.temporal.url,
    temporalNamespace: config.configuredServices.temporalNamespace,
    dataDir,
    describe: { mongo: services.mongo.description, redis: services.redis.description, temporal: services.temporal.description },
    pids: { mongoServer: services.mongo.child?.pid, redis: services.redis.child?.pid },
  };
}

/** A URI for a database of its own on the same server, named `<prefix>_<random>`. */
export function freshDatabaseUri(serverUri: string, prefix: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  return url.toString();
}

/** Deletes every key under a prefix (streams, groups, limits), so a shared Redis is left as it was found. */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/** A benchmark's own database and Redis key prefix on the provisioned services, both removed at teardown. */
export interface BenchStore {
  mongoUri: string;
  redisKeyPrefix: string;
  /** The environment the app's roles read, pointed at this database and prefix. */
  serviceEnv: Record<string, string>;
  database: Database;
}

/** Opens a fresh database (`<prefix>_<random>`) and picks a fresh Redis key prefix, undone by the teardown. */
export async function openBenchStore(services: BenchServices, prefix: string, teardown: Teardown): Promise<BenchStore> {
  const mongoUri = freshDatabaseUri(services.mongoUri, prefix);
  const redisKeyPrefix = `bench:${randomUUID().slice(0, 8)}:`;
  const serviceEnv = benchServiceEnv(services, mongoUri, redisKeyPrefix);
  teardown.add('delete the benchmark Redis keys', () => deleteRedisKeys(services.redisUrl, redisKeyPrefix));
  const database = await openDatabase(mongoUri);
  teardown.add('drop the benchmark database', async () => {
    await database.connection.dropDatabase();
    await database.close();
  });
  return { mongoUri, redisKeyPrefix, serviceEnv, database };
}
