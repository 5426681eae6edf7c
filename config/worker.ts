import type { z } from 'zod';
import { commonEnvSchema, requireServiceUrls, serviceUrls } from './common.js';
import { durationMs, optionalText } from './fields.js';
import { loadConfig } from './load.js';

const workerEnvSchema = commonEnvSchema
  .extend({
    WORKER_SHUTDOWN_GRACE: durationMs.default(30_000),
    WORKFLOW_BUNDLE_PATH: optionalText,
  })
  .superRefine(requireServiceUrls)
  .transform((env) => ({
    role: 'worker' as const,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    services: serviceUrls(env),
    temporalNamespace: env.TEMPORAL_NAMESPACE,
    temporalTaskQueue: env.TEMPORAL_TASK_QUEUE,
    shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE,
    workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
  }));

export type WorkerConfig = z.output<typeof workerEnvSchema>;

/** The worker role's configuration, parsed once from the environment. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return loadConfig('worker', workerEnvSchema, env);
}
