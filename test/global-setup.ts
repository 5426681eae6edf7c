import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadSupervisorConfig } from '../config/supervisor.js';
import { createLogger } from '../observability/logger.js';
import { provisionServices } from '../services/provision.js';
import { buildWorkflowBundle } from '../temporal/workflow-bundle.js';
import type { TestServices } from './helpers/services.js';

/**
 * Provisions MongoDB, Redis and Temporal once per test run, on free ports and in a scratch data
 * directory (services configured by environment are used as they are), and builds the workflow
 * bundle once for every test worker.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = loadSupervisorConfig({ ...process.env, NODE_ENV: 'test' });
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'drumbeat-test-'));
  const progress = (message: string): void => {
    process.stderr.write(`[test services] ${message}\n`);
  };
  const [services, workflowBundlePath] = await Promise.all([
    provisionServices({
      dataDir,
      cacheDir: config.cacheDir,
      progress,
      preferConventionalPorts: false,
      configured: config.configuredServices,
    }),
    buildWorkflowBundle(path.join(dataDir, 'workflow-bundle.js'), createLogger({ role: 'test', level: 'warn' })),
  ]);
  const provided: TestServices = {
    mongoUri: services.mongo.url,
    redisUrl: services.redis.url,
    temporalAddress: services.temporal.url,
    temporalUiUrl: services.temporal.uiUrl ?? null,
    temporalNamespace: config.configuredServices.temporalNamespace,
    workflowBundlePath,
    dataDir,
    cacheDir: config.cacheDir,
  };
  project.provide('services', provided);
  return async () => {
    await services.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  };
}
