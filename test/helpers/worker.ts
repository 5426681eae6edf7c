import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { Redis } from 'ioredis';
import type { ActivityDeps } from '../../activities/index.js';
import type { Database } from '../../db/open.js';
import { createSegmentFieldSource } from '../../db/segment-fields.js';
import { createVendorClient } from '../../vendor/client.js';
import { createDrumbeatWorker } from '../../temporal/worker.js';
import { testServices } from './services.js';

let runtimeInstalled = false;

function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed by an earlier helper call in this process.
  }
}

/** A Temporal client for the run's server; close its connection after use. */
export async function connectTestClient(): Promise<{ client: Client; close: () => Promise<void> }> {
  const services = testServices();
  const connection = await Connection.connect({ address: services.temporalAddress });
  return { client: new Client({ connection, namespace: services.temporalNamespace }), close: () => connection.close() };
}

/**
 * Runs a real worker (the prebuilt bundle, the real activities) on a task queue of its own while `body`
 * runs, then shuts it down; tests never share a queue, so they never steal each other's tasks. Pass
 * `taskQueue` to serve a queue chosen beforehand (an API's TEMPORAL_TASK_QUEUE); keep it unique too.
 */
export async function withTestWorker<T>(activityDeps: ActivityDeps, body: (taskQueue: string) => Promise<T>, options: { taskQueue?: string } = {}): Promise<T> {
  installQuietRuntime();
  const services = testServices();
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const { worker, connection } = await createDrumbeatWorker({
    address: services.temporalAddress,
    namespace: services.temporalNamespace,
    taskQueue,
    workflowBundlePath: services.workflowBundlePath,
    activityDeps,
    shutdownGraceMs: 1_000,
  });
  try {
    return await worker.runUntil(body(taskQueue));
  } finally {
    await connection.close();
  }
}

/**
 * Activity dependencies over a test database and Redis. Without a vendor the client points at a port
 * nothing listens on: workflows that send must be given the real vendor process's client.
 */
export function testActivityDeps(
  database: Database,
  redis: Redis,
  overrides: Partial<Pick<ActivityDeps, 'vendor' | 'frequencyCap' | 'fields'>> = {},
): ActivityDeps {
  return {
    models: database.models,
    redis,
    vendor: overrides.vendor ?? createVendorClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'none', timeoutMs: 1_000 }),
    fields: overrides.fields ?? createSegmentFieldSource({ customers: database.models.customers, declared: [], cacheMs: 0 }),
    frequencyCap: overrides.frequencyCap ?? null,
    conversionWindowMs: 7 * 86_400_000,
  };
}
