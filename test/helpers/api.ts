import { afterAll } from 'vitest';
import { startApiServer, type RunningApi } from '../../api/server.js';
import { loadApiConfig } from '../../config/api.js';
import { createLogger } from '../../observability/logger.js';
import { freshDatabaseUri } from './database.js';
import { testServices } from './services.js';

/**
 * Starts the real API (real connections, port 0) against the run's services or the overrides given,
 * and closes it after the file.
 */
export async function startTestApi(overrides: Record<string, string> = {}): Promise<RunningApi> {
  const services = testServices();
  const config = loadApiConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    MONGODB_URI: freshDatabaseUri().uri,
    REDIS_URL: services.redisUrl,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_NAMESPACE: services.temporalNamespace,
    ...(services.temporalUiUrl ? { TEMPORAL_UI_URL: services.temporalUiUrl } : {}),
    ...overrides,
  });
  const api = await startApiServer(config, createLogger({ role: 'api', level: config.logLevel }));
  afterAll(() => api.close());
  return api;
}
