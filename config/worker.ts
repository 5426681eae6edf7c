import { z } from 'zod';
import { commonEnvSchema, requireServiceUrls, serviceUrls } from './common.js';
import { durationMs, optionalText } from './fields.js';
import { frequencyCapSchema } from './frequency-cap.js';
import { loadConfig } from './load.js';
import { segmentAttributesSchema } from './segment-attributes.js';
import { developmentVendorApiKey } from './vendor.js';

const workerEnvSchema = commonEnvSchema
  .extend({
    WORKER_SHUTDOWN_GRACE: durationMs.default(30_000),
    WORKFLOW_BUNDLE_PATH: optionalText,
    VENDOR_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    VENDOR_API_KEY: optionalText,
    VENDOR_TIMEOUT: durationMs.default(10_000),
    FREQUENCY_CAP: frequencyCapSchema,
    SEGMENT_ATTRIBUTES: segmentAttributesSchema,
  })
  .superRefine(requireServiceUrls)
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if (!env.VENDOR_URL) ctx.addIssue({ code: 'custom', path: ['VENDOR_URL'], message: 'VENDOR_URL must be set in production' });
    if ((env.VENDOR_API_KEY?.length ?? 0) < 32) {
      ctx.addIssue({ code: 'custom', path: ['VENDOR_API_KEY'], message: 'VENDOR_API_KEY must be set to at least 32 random characters in production' });
    }
  })
  .transform((env) => ({
    conversionWindowMs: env.CONVERSION_WINDOW,
    role: 'worker' as const,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    services: serviceUrls(env),
    temporalNamespace: env.TEMPORAL_NAMESPACE,
    temporalTaskQueue: env.TEMPORAL_TASK_QUEUE,
    shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE,
    workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
    vendor: { url: env.VENDOR_URL ?? 'http://127.0.0.1:3100', apiKey: env.VENDOR_API_KEY ?? developmentVendorApiKey, timeoutMs: env.VENDOR_TIMEOUT },
    frequencyCap: env.FREQUENCY_CAP,
    segmentAttributes: env.SEGMENT_ATTRIBUTES,
  }));

export type WorkerConfig = z.output<typeof workerEnvSchema>;

/** The worker role's configuration, parsed once from the environment. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return loadConfig('worker', workerEnvSchema, env);
}
