import { z } from 'zod';
import { maxReceiptsPerRequest } from '../domain/receipts.js';
import { developmentReceiptsSecret } from './auth.js';
import { commaList, durationMs, flag, logLevel, nodeEnv, optionalText, port } from './fields.js';
import { loadConfig } from './load.js';

/** The key callers present when none is configured (never in production). */
export const developmentVendorApiKey = 'drumbeat-development-vendor-key';

const rate = z.coerce.number().min(0).max(1);

// The vendor stands apart from the CRM: it shares no database and needs no service URLs.
const vendorEnvSchema = z
  .object({
    NODE_ENV: nodeEnv,
    LOG_LEVEL: logLevel,
    HOST: z.string().default('127.0.0.1'),
    VENDOR_PORT: port.default(3100),
    VENDOR_API_KEY: optionalText,
    VENDOR_RECEIPT_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()),
    RECEIPTS_SIGNING_SECRET: commaList,
    VENDOR_FAILURE_RATE: rate.default(0.1),
    VENDOR_SEED: optionalText,
    VENDOR_RECEIPT_DELAY: durationMs.default(1_000),
    VENDOR_RECEIPT_BATCH: z.coerce.number().int().min(1).max(maxReceiptsPerRequest).default(500),
    VENDOR_TRANSIENT_ERROR_RATE: rate.default(0),
    VENDOR_LATENCY: durationMs.pipe(z.number().max(120_000)).default(0),
    VENDOR_DUPLICATE_RECEIPT_RATE: rate.default(0),
    VENDOR_OUT_OF_ORDER: flag.default(false),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    if ((env.VENDOR_API_KEY?.length ?? 0) < 32) {
      ctx.addIssue({ code: 'custom', path: ['VENDOR_API_KEY'], message: 'VENDOR_API_KEY must be set to at least 32 random characters in production' });
    }
    if (env.RECEIPTS_SIGNING_SECRET.length === 0 || env.RECEIPTS_SIGNING_SECRET.some((secret) => secret.length < 32)) {
      ctx.addIssue({
        code: 'custom',
        path: ['RECEIPTS_SIGNING_SECRET'],
        message: 'RECEIPTS_SIGNING_SECRET must be set to at least 32 random characters in production',
      });
    }
  })
  .transform((env) => ({
    role: 'vendor' as const,
    nodeEnv: env.NODE_ENV,
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.VENDOR_PORT,
    apiKey: env.VENDOR_API_KEY ?? developmentVendorApiKey,
    /** The CRM's receipts webhook; without one, receipts stay pending. */
    receiptUrl: env.VENDOR_RECEIPT_URL,
    /** The current receipts secret: the first of the list (the CRM accepts the others while rotating). */
    receiptsSecret: env.RECEIPTS_SIGNING_SECRET[0] ?? developmentReceiptsSecret,
    failureRate: env.VENDOR_FAILURE_RATE,
    /** Same seed, same outcomes; unset = a fresh seed each start (logged, so a run can be replayed). */
    seed: env.VENDOR_SEED,
    receiptDelayMs: env.VENDOR_RECEIPT_DELAY,
    receiptBatchSize: env.VENDOR_RECEIPT_BATCH,
    chaos: {
      transientErrorRate: env.VENDOR_TRANSIENT_ERROR_RATE,
      latencyMs: env.VENDOR_LATENCY,
      duplicateReceiptRate: env.VENDOR_DUPLICATE_RECEIPT_RATE,
      outOfOrder: env.VENDOR_OUT_OF_ORDER,
      outage: null,
    },
  }));

export type VendorConfig = z.output<typeof vendorEnvSchema>;

/** The vendor role's configuration, parsed once from the environment. */
export function loadVendorConfig(env: NodeJS.ProcessEnv = process.env): VendorConfig {
  return loadConfig('vendor', vendorEnvSchema, env);
}
