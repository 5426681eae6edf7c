import { randomBytes } from 'node:crypto';
import type { VendorConfig } from '../config/vendor.js';
import { listen } from '../http/server.js';
import type { Logger } from '../observability/logger.js';
import { createVendorApp } from './app.js';
import { createChaos } from './chaos.js';
import { createIntake } from './intake.js';
import { createMessageStore } from './message-store.js';
import { createReceiptDispatcher } from './receipt-dispatcher.js';
import { createReceiptQueue } from './receipt-queue.js';
import { seededRandom } from './seeded-random.js';
import { createVendorCounters } from './stats.js';

/** A listening vendor and how to stop it. */
export interface RunningVendor {
  url: string;
  /** Stops taking requests, then stops the receipt dispatcher; pending receipts are dropped (memory only). */
  close(): Promise<void>;
}

/** Wires the vendor's parts together, listens, and starts dispatching receipts. */
export async function startVendorService(config: VendorConfig, logger: Logger): Promise<RunningVendor> {
  const seed = config.seed ?? randomBytes(8).toString('hex');
  const random = seededRandom(seed);
  const counters = createVendorCounters();
  const chaos = createChaos(config.chaos);
  const queue = createReceiptQueue();
  const intake = createIntake({
    seed,
    failureRate: config.failureRate,
    receiptDelayMs: config.receiptDelayMs,
    store: createMessageStore(),
    queue,
    counters,
    chaos,
    random,
  });
  const dispatcher = createReceiptDispatcher({
    queue,
    counters,
    chaos,
    logger,
    random,
    receiptUrl: config.receiptUrl,
    secret: config.receiptsSecret,
    batchSize: config.receiptBatchSize,
    receiptDelayMs: config.receiptDelayMs,
  });
  const app = createVendorApp({ logger, apiKey: config.apiKey, intake, counters, chaos, random });
  const server = await listen(app.callback(), config.host, config.port);
  dispatcher.start();
  logger.info(
    { seed, failureRate: config.failureRate, receiptUrl: config.receiptUrl, receiptDelayMs: config.receiptDelayMs, chaos: chaos.settings() },
    'vendor simulator settings (set VENDOR_SEED to this seed to replay the same outcomes)',
  );
  return {
    url: server.url,
    close: async () => {
      await server.close();
      await dispatcher.stop();
    },
  };
}
