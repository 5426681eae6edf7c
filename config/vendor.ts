import { z } from 'zod';
import { logLevel, nodeEnv, port } from './fields.js';
import { loadConfig } from './load.js';

// The vendor stands apart from the CRM: it shares no database and needs no service URLs.
const vendorEnvSchema = z
  .object({
    NODE_ENV: nodeEnv,
    LOG_LEVEL: logLevel,
    HOST: z.string().default('127.0.0.1'),
    VENDOR_PORT: port.default(3100),
  })
  .transform((env) => ({
    role: 'vendor' as const,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.VENDOR_PORT,
  }));

export type VendorConfig = z.output<typeof vendorEnvSchema>;

/** The vendor role's configuration, parsed once from the environment. */
export function loadVendorConfig(env: NodeJS.ProcessEnv = process.env): VendorConfig {
  return loadConfig('vendor', vendorEnvSchema, env);
}
