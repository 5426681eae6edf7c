import { z } from 'zod';
import { commonEnvSchema, requireServiceUrls, serviceUrls } from './common.js';
import { durationMs } from './fields.js';
import { loadConfig } from './load.js';

const consumersEnvSchema = commonEnvSchema
  .extend({
    CONSUMER_NAME: z.string().min(1).optional(),
    CONSUMER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    CONSUMER_BLOCK: durationMs.default(1_000),
    CONSUMER_CLAIM_IDLE: durationMs.default(60_000),
    CONSUMER_MAX_DELIVERIES: z.coerce.number().int().min(1).max(100).default(5),
  })
  .superRefine(requireServiceUrls)
  .transform((env) => ({
    conversionWindowMs: env.CONVERSION_WINDOW,
    role: 'consumers' as const,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    services: serviceUrls(env),
    consumerName: env.CONSUMER_NAME,
    batchSize: env.CONSUMER_BATCH_SIZE,
    blockMs: env.CONSUMER_BLOCK,
    claimIdleMs: env.CONSUMER_CLAIM_IDLE,
    maxDeliveries: env.CONSUMER_MAX_DELIVERIES,
  }));

export type ConsumersConfig = z.output<typeof consumersEnvSchema>;

/** The consumers role's configuration, parsed once from the environment. */
export function loadConsumersConfig(env: NodeJS.ProcessEnv = process.env): ConsumersConfig {
  return loadConfig('consumers', consumersEnvSchema, env);
}
