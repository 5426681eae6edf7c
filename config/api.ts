import { z } from 'zod';
import { commonEnvSchema, requireServiceUrls, serviceUrls } from './common.js';
import { allowedOriginsSchema } from '../http/cors.js';
import { rateRuleSchema } from '../http/rate-limit.js';
import { authConfigOf, authEnvShape, checkAuthEnv } from './auth.js';
import { optionalText, port } from './fields.js';
import { loadConfig } from './load.js';
import { segmentAttributesSchema } from './segment-attributes.js';

const developmentSessionSecret = 'drumbeat-development-only-secret-not-for-production';

const apiEnvSchema = commonEnvSchema
  .extend({
    HOST: z.string().default('127.0.0.1'),
    PORT: port.default(3000),
    PUBLIC_URL: optionalText,
    SESSION_SECRET: optionalText,
    BODY_LIMIT_JSON: z.string().default('1mb'),
    BODY_LIMIT_INGEST: z.string().default('16mb'),
    INGEST_MAX_BACKLOG: z.coerce.number().int().min(1).default(2_000),
    WEB_DIST_DIR: z.string().default('dist/web'),
    ...authEnvShape,
    CORS_ALLOWED_ORIGINS: allowedOriginsSchema,
    RATE_LIMIT_AUTH: rateRuleSchema.prefault('30/1m'),
    RATE_LIMIT_INGEST: rateRuleSchema.prefault('120/1m'),
    RATE_LIMIT_PREVIEW: rateRuleSchema.prefault('120/1m'),
    RATE_LIMIT_AI: rateRuleSchema.prefault('20/1m'),
    SEGMENT_ATTRIBUTES: segmentAttributesSchema,
  })
  .superRefine((env, ctx) => {
    requireServiceUrls(env, ctx);
    checkAuthEnv(env, ctx);
    if (env.NODE_ENV === 'production' && (env.SESSION_SECRET?.length ?? 0) < 32) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'SESSION_SECRET must be set to at least 32 random characters in production',
      });
    }
  })
  .transform((env) => ({
    conversionWindowMs: env.CONVERSION_WINDOW,
    role: 'api' as const,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.PORT,
    publicUrl: env.PUBLIC_URL,
    sessionSecret: env.SESSION_SECRET ?? developmentSessionSecret,
    bodyLimitJson: env.BODY_LIMIT_JSON,
    bodyLimitIngest: env.BODY_LIMIT_INGEST,
    ingestMaxBacklog: env.INGEST_MAX_BACKLOG,
    webDistDir: env.WEB_DIST_DIR,
    services: serviceUrls(env),
    temporalNamespace: env.TEMPORAL_NAMESPACE,
    temporalTaskQueue: env.TEMPORAL_TASK_QUEUE,
    temporalUiUrl: env.TEMPORAL_UI_URL,
    auth: authConfigOf(env),
    corsAllowedOrigins: env.CORS_ALLOWED_ORIGINS,
    rateLimits: { auth: env.RATE_LIMIT_AUTH, ingest: env.RATE_LIMIT_INGEST, preview: env.RATE_LIMIT_PREVIEW, ai: env.RATE_LIMIT_AI },
    segmentAttributes: env.SEGMENT_ATTRIBUTES,
  }));

export type ApiConfig = z.output<typeof apiEnvSchema>;

/** The API role's configuration, parsed once from the environment. */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  return loadConfig('api', apiEnvSchema, env);
}
