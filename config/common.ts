import { z } from 'zod';
import { durationMs, logLevel, nodeEnv, optionalText } from './fields.js';

/** Settings every role shares: environment, logging, and where the three services are. */
export const commonEnvSchema = z.object({
  NODE_ENV: nodeEnv,
  LOG_LEVEL: logLevel,
  DRUMBEAT_DATA_DIR: z.string().default('.data'),
  MONGODB_URI: optionalText,
  REDIS_URL: optionalText,
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{0,64}$/, 'letters, digits and _ . : - only')
    .default(''),
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('campaigns'),
  TEMPORAL_UI_URL: optionalText,
  /** How long after a campaign message an order counts as its conversion (worker, consumers, api). */
  CONVERSION_WINDOW: durationMs.pipe(z.number().min(60_000).max(90 * 86_400_000)).default(7 * 86_400_000),
});

export type CommonEnv = z.infer<typeof commonEnvSchema>;

export interface ServiceUrls {
  mongoUri: string;
  redisUrl: string;
  redisKeyPrefix: string;
  temporalAddress: string;
}

const serviceVariables = [
  ['MONGODB_URI', 'mongodb://127.0.0.1:27017/drumbeat'],
  ['REDIS_URL', 'redis://127.0.0.1:6379'],
  ['TEMPORAL_ADDRESS', '127.0.0.1:7233'],
] as const;

/**
 * Requires the service URLs a role connects to. A role started on its own never guesses
 * localhost: it is told where the services are, by `drumbeat all` or by the environment.
 */
export function requireServiceUrls(env: CommonEnv, ctx: z.RefinementCtx): void {
  for (const [name, example] of serviceVariables) {
    if (!env[name]) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message:
          `${name} is not set (for example ${example}). ` +
          '`npm start` provides embedded services; `npx drumbeat services start` prints variables to export.',
      });
    }
  }
}

/** Picks the checked service URLs out of a parsed environment (after requireServiceUrls passed). */
export function serviceUrls(env: CommonEnv): ServiceUrls {
  return {
    mongoUri: env.MONGODB_URI ?? '',
    redisUrl: env.REDIS_URL ?? '',
    redisKeyPrefix: env.REDIS_KEY_PREFIX,
    temporalAddress: env.TEMPORAL_ADDRESS ?? '',
  };
}
