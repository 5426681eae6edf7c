import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { commonEnvSchema } from './common.js';
import { flag, optionalText, port } from './fields.js';
import { loadConfig } from './load.js';

const supervisorEnvSchema = commonEnvSchema
  .extend({
    PORT: port.default(3000),
    VENDOR_PORT: port.default(3100),
    DRUMBEAT_CACHE_DIR: optionalText,
    XDG_CACHE_HOME: optionalText,
    DRUMBEAT_DEMO: flag.default(true),
  })
  .superRefine((env, ctx) => {
    // Production runs each role on its own (docker-compose); embedded services are for development.
    if (env.NODE_ENV !== 'production') return;
    for (const name of ['MONGODB_URI', 'REDIS_URL', 'TEMPORAL_ADDRESS'] as const) {
      if (!env[name]) {
        ctx.addIssue({ code: 'custom', path: [name], message: `${name} is required in production` });
      }
    }
  })
  .transform((env) => ({
    role: 'supervisor' as const,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    dataDir: path.resolve(env.DRUMBEAT_DATA_DIR),
    cacheDir: path.resolve(
      env.DRUMBEAT_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'drumbeat'),
    ),
    /** Services given by the environment; the rest are started embedded. */
    configuredServices: {
      mongoUri: env.MONGODB_URI,
      redisUrl: env.REDIS_URL,
      temporalAddress: env.TEMPORAL_ADDRESS,
      temporalUiUrl: env.TEMPORAL_UI_URL,
      temporalNamespace: env.TEMPORAL_NAMESPACE,
    },
    apiPort: env.PORT,
    vendorPort: env.VENDOR_PORT,
    /** Load demo data into an empty database once the roles are ready; never in production. */
    demoData: env.DRUMBEAT_DEMO && env.NODE_ENV !== 'production',
  }));

export type SupervisorConfig = z.output<typeof supervisorEnvSchema>;

/** Configuration of `drumbeat all` and `drumbeat services`: where data and built tools live, which ports. */
export function loadSupervisorConfig(env: NodeJS.ProcessEnv = process.env): SupervisorConfig {
  return loadConfig('drumbeat', supervisorEnvSchema, env);
}
