import { afterAll, beforeAll } from 'vitest';
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
  const api = await startApi(overrides);
  afterAll(() => api.close());
  return api;
}

async function startApi(overrides: Record<string, string>): Promise<RunningApi> {
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
    // Every test file calls from 127.0.0.1 into one Redis; generous limits keep files from throttling each other.
    RATE_LIMIT_AUTH: '100000/1m',
    RATE_LIMIT_INGEST: '100000/1m',
    RATE_LIMIT_PREVIEW: '100000/1m',
    RATE_LIMIT_AI: '100000/1m',
    ...overrides,
  });
  return startApiServer(config, createLogger({ role: 'api', level: config.logLevel }));
}

/**
 * Starts the real API for a test file (in beforeAll, with the overrides given) and closes it
 * afterwards; call the returned getter inside tests.
 */
export function useTestApi(overrides: Record<string, string> | (() => Record<string, string>) = {}): () => RunningApi {
  let api: RunningApi | undefined;
  beforeAll(async () => {
    api = await startApi(typeof overrides === 'function' ? overrides() : overrides);
  });
  afterAll(async () => {
    await api?.close();
  });
  return () => {
    if (!api) throw new Error('useTestApi(): the API starts in beforeAll');
    return api;
  };
}
