import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { provisionServices } from './provision.js';
import { provideRedis } from './redis-server.js';
import type { ProvisionContext } from './service.js';
import { provideTemporal } from './temporal-server.js';
import { testServices } from '../test/helpers/services.js';

let scratch: string;
let savedPath: string | undefined;
let savedHome: string | undefined;

function context(): ProvisionContext {
  return { dataDir: path.join(scratch, 'data'), cacheDir: path.join(scratch, 'cache'), progress: () => {}, preferConventionalPorts: false, allowInstall: false };
}

beforeEach(async () => {
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'drumbeat-provision-'));
  savedPath = process.env.PATH;
  savedHome = process.env.HOME;
});

afterEach(async () => {
  process.env.PATH = savedPath;
  process.env.HOME = savedHome;
  await fs.rm(scratch, { recursive: true, force: true });
});

describe('service provisioning', () => {
  it('uses services given by the environment as they are, starting nothing', async () => {
    const { mongoUri, redisUrl, temporalAddress } = testServices();
    const services = await provisionServices({
      dataDir: path.join(scratch, 'data'),
      cacheDir: path.join(scratch, 'cache'),
      progress: () => {},
      preferConventionalPorts: false,
      configured: { mongoUri, redisUrl, temporalAddress, temporalUiUrl: 'http://ui.example', temporalNamespace: 'default' },
    });
    expect([services.mongo.source, services.redis.source, services.temporal.source]).toEqual(['environment', 'environment', 'environment']);
    expect([services.mongo.child, services.redis.child, services.temporal.child]).toEqual([undefined, undefined, undefined]);
    expect(services.env).toMatchObject({ MONGODB_URI: mongoUri, REDIS_URL: redisUrl, TEMPORAL_ADDRESS: temporalAddress, TEMPORAL_UI_URL: 'http://ui.example' });
    await services.stop();
  });

  it('fails fast naming Redis and the ways to provide it when redis-server cannot be found', async () => {
    process.env.PATH = path.join(scratch, 'empty-bin');
    const error: unknown = await provideRedis({ ...context() }, undefined).catch((e: unknown) => e);
    expect(String(error)).toMatch(/Redis is not available: redis-server was not found on PATH/);
    expect(String(error)).toMatch(/REDIS_URL/);
    expect(String(error)).toMatch(/apt-get install redis-server/);
  });

  it('fails fast naming Temporal and the ways to provide it when no CLI, Go or download is possible', async () => {
    process.env.PATH = path.join(scratch, 'empty-bin');
    process.env.HOME = scratch;
    const started = Date.now();
    const error: unknown = await provideTemporal(context(), { address: undefined, uiUrl: undefined, namespace: 'default' }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/Temporal is not available/);
    expect(String(error)).toMatch(/TEMPORAL_ADDRESS/);
    expect(String(error)).toMatch(/install Go/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('stops what it started when another service fails, leaving no process behind', async () => {
    const redisBinary = await import('./executables.js').then((m) => m.findExecutable('redis-server', ['/usr/sbin']));
    if (!redisBinary) throw new Error('redis-server is needed for this test');
    // Redis can start (its binary is on PATH); Temporal and MongoDB cannot.
    process.env.PATH = path.dirname(redisBinary);
    process.env.HOME = scratch;
    const error: unknown = await provisionServices({ ...context(), configured: { temporalNamespace: 'default' } }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/Temporal is not available/);
    expect(String(error)).toMatch(/MongoDB is not available/);
    const log = await fs.readFile(path.join(scratch, 'data', 'redis.log'), 'utf8');
    expect(log).toMatch(/Ready to accept connections/);
    expect(log).toMatch(/ready to exit, bye bye|Redis is now ready to exit/);
  });
});
