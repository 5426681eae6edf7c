import { randomBytes } from 'node:crypto';
import { forkRole } from '../cli/role-process.js';
import type { VendorStats } from '../domain/vendor-api.js';
import { createVendorClient, type VendorClient, type VendorClientOptions } from '../vendor/client.js';
import type { Teardown } from './teardown.js';

/** `drumbeat vendor` running as a child process for a benchmark. */
export interface BenchVendor {
  url: string;
  apiKey: string;
  pid: number | undefined;
  /** A client for this vendor (the rest of the options as `createVendorClient` takes them). */
  client(options?: Omit<VendorClientOptions, 'baseUrl' | 'apiKey'>): VendorClient;
  /** `GET /v1/stats`. */
  stats(): Promise<VendorStats>;
  /** SIGTERM, SIGKILL after a grace period; safe to call again (the teardown does). */
  stop(): Promise<void>;
}

/** The simulator settings both vendors of a run share; `receiptUrl` absent leaves every receipt pending. */
export interface BenchVendorSettings {
  seed: string;
  receiptsSecret: string;
  receiptUrl?: string;
  receiptDelay: string;
  receiptBatch: number;
}

/**
 * Starts the real vendor role (`bin/drumbeat.js vendor`) on a free port with a fresh API key and
 * waits for it to serve; stopped by the teardown. Only a fatal start-up error is logged: the role logs
 * to stdout, which the benchmark keeps for its JSON (`/v1/stats` tells how the receipts fared).
 */
export async function startBenchVendor(name: string, settings: BenchVendorSettings, teardown: Teardown): Promise<BenchVendor> {
  const apiKey = `bench-${randomBytes(16).toString('hex')}`;
  const env = {
    ...inheritedEnv(),
    NODE_ENV: 'test',
    LOG_LEVEL: 'fatal',
    HOST: '127.0.0.1',
    VENDOR_PORT: '0',
    VENDOR_API_KEY: apiKey,
    VENDOR_SEED: settings.seed,
    RECEIPTS_SIGNING_SECRET: settings.receiptsSecret,
    VENDOR_RECEIPT_DELAY: settings.receiptDelay,
    VENDOR_RECEIPT_BATCH: String(settings.receiptBatch),
    ...(settings.receiptUrl ? { VENDOR_RECEIPT_URL: settings.receiptUrl } : {}),
  };
  const role = forkRole('vendor', env, 60_000);
  const stop = (): Promise<void> => role.stop(10_000);
  teardown.add(`stop the ${name} vendor`, stop);
  const ready = await role.ready;
  if (!ready.url) throw new Error(`the ${name} vendor reported ready without a URL`);
  const url = ready.url;
  const client: BenchVendor['client'] = (options = {}) => createVendorClient({ ...options, baseUrl: url, apiKey });
  const statsClient = client();
  return { url, apiKey, pid: role.child.pid, client, stats: () => statsClient.stats(), stop };
}

/**
 * This process's environment without the vendor's and the receipts' own settings, so a developer's
 * shell cannot point the benchmark's vendors elsewhere or make them sign with another secret.
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VENDOR_') && name !== 'RECEIPTS_SIGNING_SECRET'));
}
