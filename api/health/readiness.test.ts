import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../services/executables.js';
import { startRedisServer } from '../../services/redis-server.js';
import { startTestApi } from '../../test/helpers/api.js';
import { testServices } from '../../test/helpers/services.js';
import { readinessSchema } from '../../domain/system.js';

describe('GET /healthz and /readyz against the real services', () => {
  it('answers liveness without touching any dependency', async () => {
    const api = await startTestApi();
    const response = await fetch(`${api.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('reports MongoDB, Redis and Temporal each ok with 200', async () => {
    const api = await startTestApi();
    const response = await fetch(`${api.url}/readyz`);
    const body = readinessSchema.parse(await response.json());
    // The body first: when a check fails, its error says which dependency and why.
    expect(body.checks).toMatchObject({ mongo: { status: 'ok' }, redis: { status: 'ok' }, temporal: { status: 'ok' } });
    expect(body.status).toBe('ok');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('goes 503 naming Redis when Redis is stopped, while MongoDB and Temporal stay ok', async () => {
    const binary = await findExecutable('redis-server', ['/usr/sbin', '/usr/local/bin']);
    if (!binary) throw new Error('redis-server is needed for this test');
    const { dataDir, cacheDir } = testServices();
    const ownRedis = await startRedisServer(
      { dataDir: path.join(dataDir, 'readyz-redis'), cacheDir, progress: () => {}, preferConventionalPorts: false, allowInstall: false },
      binary,
    );
    const api = await startTestApi({ REDIS_URL: ownRedis.url });
    await expect.poll(async () => (await fetch(`${api.url}/readyz`)).status, { timeout: 5_000 }).toBe(200);

    await ownRedis.stop();
    const response = await fetch(`${api.url}/readyz`);
    const body = readinessSchema.parse(await response.json());
    expect(response.status).toBe(503);
    expect(body.status).toBe('unavailable');
    expect(body.checks.redis.status).toBe('down');
    expect(body.checks.redis.error).toBeTruthy();
    expect(body.checks.mongo.status).toBe('ok');
    expect(body.checks.temporal.status).toBe('ok');
  });
});
