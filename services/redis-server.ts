import fs from 'node:fs/promises';
import path from 'node:path';
import { Redis } from 'ioredis';
import { spawnService } from './child-process.js';
import { findExecutable } from './executables.js';
import { choosePort } from './ports.js';
import { externalService, ServiceUnavailableError, type ProvidedService, type ProvisionContext } from './service.js';
import { waitUntilReady } from './wait.js';

/** Answers when a Redis server at `url` replies to PING. */
export async function pingRedis(url: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

/** Redis from REDIS_URL, else a redis-server from PATH with append-only persistence in the data directory. */
export async function provideRedis(ctx: ProvisionContext, configuredUrl: string | undefined): Promise<ProvidedService> {
  if (configuredUrl) return externalService('Redis', configuredUrl, 'from REDIS_URL');
  const binary = await findExecutable('redis-server', ['/usr/sbin', '/usr/local/bin']);
  if (!binary) {
    throw new ServiceUnavailableError('Redis', 'redis-server was not found on PATH', [
      'set REDIS_URL to a running Redis 6.2+ (redis://host:6379)',
      'install redis-server (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)',
    ]);
  }
  return startRedisServer(ctx, binary);
}

/** Spawns redis-server on a free port; exported so tests can run a Redis of their own to stop. */
export async function startRedisServer(ctx: ProvisionContext, binary: string): Promise<ProvidedService> {
  const dir = path.join(ctx.dataDir, 'redis');
  await fs.mkdir(dir, { recursive: true });
  const port = await choosePort(ctx.preferConventionalPorts ? 6379 : undefined);
  const child = spawnService({
    name: 'redis',
    command: binary,
    args: [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', dir,
      // Streams hold accepted-but-unpersisted work: they must survive a restart.
      '--appendonly', 'yes',
      '--appendfsync', 'everysec',
      '--save', '',
      '--daemonize', 'no',
    ],
    logFile: path.join(ctx.dataDir, 'redis.log'),
  });
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitUntilReady({ what: 'redis-server', check: () => pingRedis(url), timeoutMs: 15_000, child });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { name: 'Redis', source: 'installed', description: `redis-server (${binary})`, url, child, stop: () => child.stop() };
}
