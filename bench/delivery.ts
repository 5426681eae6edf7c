// `npm run bench:delivery [-- --messages 100000 --page 1000 --parallel 4 --seed 20240601]`
//
// Measures delivery end to end — pages of recipients through sendMessageBatch (recorded, sent to the
// real vendor process under the shard locks, stored SENT), the vendor's signed receipts back through the
// API's receipt route and the receipts stream to the real consumers process, until every receipt is
// applied — against two baselines measured in the same run: the vendor's raw accept rate and the
// database's raw bulk update rate. Prints JSON on stdout and a table on stderr. The exit code says
// whether the run worked (and its checks held), not whether any goal was met: this is a measurement.

import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadConsumersConfig } from '../config/consumers.js';
import type { DeliveryStore } from '../delivery/apply-message-updates.js';
import type { MessageNodeSend, Recipient } from '../delivery/send-batch.js';
import { createLogger } from '../observability/logger.js';
import { RedisConnections } from '../streams/redis.js';
import { startBenchApi } from './bench-api.js';
import { runBenchmarkCommand } from './bench-cli.js';
import { freshDatabaseUri, openBenchStore, provisionBenchServices, type BenchServices } from './bench-services.js';
import { startConsumerProcess } from './consumer-process.js';
import { startCpuMeter } from './cpu-time.js';
import { parseDeliveryArgs, type DeliveryArgs } from './delivery-args.js';
import { checkDelivery } from './delivery-checks.js';
import { measureDatabaseUpdates } from './delivery-database-baseline.js';
import { recipientPages, storeRecipients } from './delivery-recipients.js';
import { buildDeliveryReport, formatDeliveryTable, type DeliveryReport } from './delivery-report.js';
import { runEndToEnd } from './delivery-run.js';
import { measureVendorAccepts } from './delivery-vendor-baseline.js';
import { startBenchVendor, type BenchVendorSettings } from './delivery-vendor.js';
import type { Teardown } from './teardown.js';

/** The message node every run sends: one SMS with two personalised variables. */
const benchNode: MessageNodeSend = {
  campaignId: 'bench-delivery',
  nodeId: 'sms-offer',
  content: { channel: 'sms', body: 'Hi {{first_name | there}}, 10% off at our {{city | nearest}} store this week only!' },
  attributeKeys: [],
};
/** Receipts come back about this long after a message is accepted, in batches of up to this many. */
const receiptDelay = '200ms';
const receiptBatch = 500;

async function runDeliveryBenchmark(args: DeliveryArgs, teardown: Teardown, signal: AbortSignal, progress: (message: string) => void): Promise<DeliveryReport> {
  const setupStartedAt = performance.now();
  const services = await provisionBenchServices(teardown, progress);
  signal.throwIfAborted();
  const vendorSettings: BenchVendorSettings = {
    seed: `delivery-${args.seed}`,
    receiptsSecret: randomBytes(24).toString('hex'),
    receiptDelay,
    receiptBatch,
  };
  const pipeline = await startPipeline(services, args, vendorSettings, teardown, signal, progress);
  const setupSeconds = (performance.now() - setupStartedAt) / 1000;
  // The same recipients, in the same pages, for each of the three measurements.
  const pages = (): Generator<Recipient[]> => recipientPages(args.seed, args.messages, args.page);

  progress(`baseline A: ${args.messages.toLocaleString('en-US')} messages posted to a vendor that sends no receipts`);
  const rawVendor = await startBenchVendor('baseline', vendorSettings, teardown);
  const vendorRaw = await measureVendorAccepts(rawVendor, benchNode, pages(), {
    parallel: args.parallel,
    cpuTargets: { vendor: rawVendor.pid, client: 'self' },
    signal,
  });
  await rawVendor.stop();
  progress(`baseline A: ${Math.round(vendorRaw.perSecond)} messages/s`);

  progress(`baseline B: ${args.messages.toLocaleString('en-US')} status updates in a scratch database`);
  const databaseRaw = await measureDatabaseUpdates(freshDatabaseUri(services.mongoUri, 'bench_raw'), benchNode, pages(), {
    batchSize: pipeline.consumerBatchSize,
    parallel: args.parallel,
    cpuTargets: { mongoServer: services.pids.mongoServer, client: 'self' },
    signal,
  });
  progress(`baseline B: ${Math.round(databaseRaw.perSecond)} updates/s`);

  progress(`end to end: ${args.messages.toLocaleString('en-US')} messages in pages of ${args.page}, ${args.parallel} in flight`);
  const cpuMeter = startCpuMeter({
    mongoServer: services.pids.mongoServer,
    redis: services.pids.redis,
    consumers: pipeline.consumers.pid,
    vendor: pipeline.vendor.pid,
    apiAndSender: 'self',
  });
  const endToEnd = await runEndToEnd({
    store: pipeline.store,
    models: pipeline.database.models,
    vendor: pipeline.vendor,
    node: benchNode,
    pages: pages(),
    parallel: args.parallel,
    signal,
    consumersAlive: () => !pipeline.consumers.hasExited(),
    progress: (message) => progress(`end to end: ${message}`),
  }).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nconsumers log, last lines:\n${pipeline.consumers.logTail()}`, { cause: error });
  });
  const endToEndCpu = cpuMeter.stop();

  const checks = await checkDelivery({
    models: pipeline.database.models,
    redis: pipeline.store.redis,
    campaignId: benchNode.campaignId,
    messages: args.messages,
    run: endToEnd,
  });
  const report = buildDeliveryReport({
    args,
    services: services.describe,
    settings: { vendorSeed: vendorSettings.seed, receiptDelay, receiptBatch, consumerBatchSize: pipeline.consumerBatchSize },
    setupSeconds,
    vendorRaw,
    databaseRaw,
    endToEnd,
    endToEndCpu,
    checks,
    consumerWarnings: pipeline.consumers.warnings(),
  });
  if (!report.checks.passed) throw new Error(`checks failed: ${checks.failed.join('; ')}\n${JSON.stringify(report)}`);
  return report;
}

/**
 * A fresh database holding the recipients, a Redis key prefix, the API in this process, the consumers
 * in a child process, the vendor posting receipts to the API, and the sender's store on the same
 * prefix (its shard locks must be the consumers').
 */
async function startPipeline(
  services: BenchServices,
  args: DeliveryArgs,
  vendorSettings: BenchVendorSettings,
  teardown: Teardown,
  signal: AbortSignal,
  progress: (message: string) => void,
) {
  const { redisKeyPrefix, serviceEnv, database } = await openBenchStore(services, 'bench_delivery', teardown);
  progress(`storing ${args.messages.toLocaleString('en-US')} recipients`);
  await storeRecipients(database, args.seed, args.messages, signal, progress);

  const api = await startBenchApi({ ...serviceEnv, RECEIPTS_SIGNING_SECRET: vendorSettings.receiptsSecret }, teardown);
  const consumerEnv = { ...serviceEnv, LOG_LEVEL: 'warn', CONSUMER_NAME: 'bench-consumers' };
  const consumers = await startConsumerProcess({ env: consumerEnv, logFile: path.join(services.dataDir, 'consumers.log') });
  teardown.add('stop the consumers', () => consumers.stop());
  const connections = new RedisConnections(services.redisUrl, createLogger({ role: 'bench', level: 'silent' }), redisKeyPrefix);
  teardown.add('close the Redis connections', () => connections.close());
  const store: DeliveryStore = { models: database.models, redis: connections.get('commands') };
  const vendor = await startBenchVendor('end-to-end', { ...vendorSettings, receiptUrl: `${api.url}/api/delivery-receipts` }, teardown);
  return { database, consumers, store, vendor, consumerBatchSize: loadConsumersConfig(consumerEnv).batchSize };
}

// Exit explicitly: client libraries may keep timers alive after everything was closed.
process.exit(
  await runBenchmarkCommand({
    name: 'delivery',
    run: (teardown, signal, progress) => runDeliveryBenchmark(parseDeliveryArgs(process.argv.slice(2)), teardown, signal, progress),
    formatTable: formatDeliveryTable,
  }),
);
