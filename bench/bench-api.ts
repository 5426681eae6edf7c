import { createApiKeyService } from '../api/api-keys/api-key-service.js';
import { createAuditLog, localOrigin } from '../api/audit/audit-log.js';
import { startApiServer } from '../api/server.js';
import { loadApiConfig } from '../config/api.js';
import type { Database } from '../db/open.js';
import type { ApiKeyScope } from '../domain/auth/access.js';
import { createLogger } from '../observability/logger.js';
import type { BenchServices } from './bench-services.js';
import type { Teardown } from './teardown.js';

/** The environment the app's roles read, pointed at a benchmark's services and database. */
export function benchServiceEnv(services: BenchServices, mongoUri: string, redisKeyPrefix: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    MONGODB_URI: mongoUri,
    REDIS_URL: services.redisUrl,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_NAMESPACE: services.temporalNamespace,
  };
}

/**
 * Starts the real API in this process on a free port, silent, with rate limits far above what a
 * benchmark sends (a limit would measure the limiter, not the route); stopped by the teardown.
 */
export async function startBenchApi(serviceEnv: Record<string, string>, teardown: Teardown): Promise<{ url: string }> {
  const config = loadApiConfig({
    ...serviceEnv,
    LOG_LEVEL: 'silent',
    PORT: '0',
    RATE_LIMIT_AUTH: '100000/1m',
    RATE_LIMIT_INGEST: '100000/1m',
    RATE_LIMIT_PREVIEW: '100000/1m',
    RATE_LIMIT_AI: '100000/1m',
  });
  const api = await startApiServer(config, createLogger({ role: 'api', level: config.logLevel }));
  teardown.add('stop the API', () => api.close());
  return { url: api.url };
}

/** Creates an API key with the given scopes, valid for a day, as the system would (audited). */
export async function createBenchApiKey(database: Database, scopes: ApiKeyScope[], label: string): Promise<string> {
  const keys = createApiKeyService(database.models.apiKeys, createAuditLog(database.models.auditEvents));
  const { key } = await keys.create(
    { name: label, scopes, expiresAt: new Date(Date.now() + 24 * 3_600_000).toISOString() },
    { type: 'system', id: null, label },
    localOrigin,
  );
  return key;
}
