import fs from 'node:fs/promises';
import { ensureFerretdbBinary } from './ferretdb-binary.js';
import { findExecutable } from './executables.js';
import { provideMongo } from './mongo-server.js';
import { provideRedis } from './redis-server.js';
import type { Progress, ProvidedService, ProvisionContext } from './service.js';
import { findOrInstallTemporalCli } from './temporal-cli.js';
import { provideTemporal, type ProvidedTemporal } from './temporal-server.js';

/** The three services, ready, with the environment that points roles at them. */
export interface ProvisionedServices {
  readonly mongo: ProvidedService;
  readonly redis: ProvidedService;
  readonly temporal: ProvidedTemporal;
  /** MONGODB_URI, REDIS_URL, TEMPORAL_ADDRESS (and TEMPORAL_UI_URL) for the roles. */
  readonly env: Record<string, string>;
  /** Stops what was started here, in reverse dependency order; services from the environment are left alone. */
  stop(): Promise<void>;
}

export interface ProvisionOptions {
  dataDir: string;
  cacheDir: string;
  progress: Progress;
  preferConventionalPorts: boolean;
  allowInstall?: boolean;
  /** Service URLs from configuration; a set one is used as-is instead of starting anything. */
  configured: {
    mongoUri?: string | undefined;
    redisUrl?: string | undefined;
    temporalAddress?: string | undefined;
    temporalUiUrl?: string | undefined;
    temporalNamespace: string;
  };
}

/**
 * Resolves every service (environment first, then an installed binary, then an embedded build),
 * starts them in parallel on free ports and waits until each is healthy. If any fails, the ones
 * already started are stopped before the error propagates, so nothing is left behind.
 */
export async function provisionServices(options: ProvisionOptions): Promise<ProvisionedServices> {
  await fs.mkdir(options.dataDir, { recursive: true });
  const ctx: ProvisionContext = {
    dataDir: options.dataDir,
    cacheDir: options.cacheDir,
    progress: options.progress,
    preferConventionalPorts: options.preferConventionalPorts,
    allowInstall: options.allowInstall ?? true,
  };
  const results = await Promise.allSettled([
    provideMongo(ctx, options.configured.mongoUri),
    provideRedis(ctx, options.configured.redisUrl),
    provideTemporal(ctx, {
      address: options.configured.temporalAddress,
      uiUrl: options.configured.temporalUiUrl,
      namespace: options.configured.temporalNamespace,
    }),
  ]);
  const [mongo, redis, temporal] = results;
  if (mongo.status === 'rejected' || redis.status === 'rejected' || temporal.status === 'rejected') {
    await Promise.all(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.stop()] : [])));
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []));
    throw new Error(reasons.join('\n\n'));
  }
  const env: Record<string, string> = {
    MONGODB_URI: mongo.value.url,
    REDIS_URL: redis.value.url,
    TEMPORAL_ADDRESS: temporal.value.url,
    TEMPORAL_NAMESPACE: options.configured.temporalNamespace,
  };
  if (temporal.value.uiUrl) env.TEMPORAL_UI_URL = temporal.value.uiUrl;
  return {
    mongo: mongo.value,
    redis: redis.value,
    temporal: temporal.value,
    env,
    stop: async () => {
      await Promise.all([temporal.value.stop(), mongo.value.stop(), redis.value.stop()]);
    },
  };
}

/**
 * Installs the tools the embedded default needs (Temporal CLI, FerretDB) without starting anything;
 * CI and first-time users run it once so later starts are fast. Reports what it found or built.
 */
export async function installServiceTools(options: { cacheDir: string; progress: Progress }): Promise<void> {
  // The two Go builds run side by side: on a cold machine each spends most of its time downloading.
  const [temporal, mongo] = await Promise.all([
    findOrInstallTemporalCli({ ...options, allowInstall: true }),
    findExecutable('mongod').then((mongod) => mongod ?? ensureFerretdbBinary({ ...options, allowInstall: true })),
  ]);
  options.progress(temporal ? `Temporal CLI: ${temporal}` : 'Temporal CLI: not available (no Go toolchain); the SDK will download it when the internet is reachable');
  options.progress(`MongoDB-wire server: ${mongo}`);
  const redis = await findExecutable('redis-server', ['/usr/sbin', '/usr/local/bin']);
  options.progress(redis ? `redis-server: ${redis}` : 'redis-server: NOT FOUND — install it (apt-get install redis-server) or set REDIS_URL');
}
