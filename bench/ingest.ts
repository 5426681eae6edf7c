// `npm run bench:ingest [-- --customers 100000 --orders 200000]`
//
// Measures the ingestion pipeline end to end (real API in this process, real consumers as a child process
// whose memory is sampled) against the raw upsert rate of the same database server in the same run, and
// prints the result as JSON on stdout and as a table on stderr. The exit code says whether the run
// worked, not whether the goal was met: this is a measurement.

import path from 'node:path';
import { createIngestClient } from '../cli/ingest-client.js';
import { createDemoData } from '../domain/demo/demo-data.js';
import { ingestThroughApi } from './api-ingestion.js';
import { createBenchApiKey, startBenchApi } from './bench-api.js';
import { runBenchmarkCommand } from './bench-cli.js';
import { freshDatabaseUri, openBenchStore, provisionBenchServices, type BenchServices } from './bench-services.js';
import { startConsumerProcess } from './consumer-process.js';
import { startCpuMeter } from './cpu-time.js';
import { parseIngestArgs, type IngestArgs } from './ingest-args.js';
import { buildIngestReport, formatIngestTable, type IngestReport } from './ingest-report.js';
import { measureRawUpserts } from './raw-upsert-baseline.js';
import { RssSampler } from './rss-sampler.js';
import type { Database } from '../db/open.js';
import type { Teardown } from './teardown.js';

/** The demo data's "now", fixed so every run generates the same records. */
const demoNow = new Date('2025-06-01T00:00:00.000Z');

async function runIngestBenchmark(args: IngestArgs, teardown: Teardown, signal: AbortSignal, progress: (message: string) => void): Promise<IngestReport> {
  const services = await provisionBenchServices(teardown, progress);
  signal.throwIfAborted();
  const data = createDemoData({ seed: args.seed, customers: args.customers, orders: args.orders, now: demoNow });

  progress(`baseline: raw bulkWrite upserts of ${args.customers} customers and ${args.orders} orders into a scratch database`);
  const rawCpuMeter = startCpuMeter({ mongoServer: services.pids.mongoServer, benchmark: 'self' });
  const raw = await measureRawUpserts(freshDatabaseUri(services.mongoUri, 'bench_raw'), data, signal);
  const rawCpu = rawCpuMeter.stop();
  progress(`baseline: ${Math.round(raw.perSecond)} records/s`);

  const pipeline = await startPipeline(services, teardown);
  const sampler = new RssSampler(pipeline.consumers.pid);
  teardown.add('stop sampling the consumers', () => sampler.stop());
  const { client, retryResponses } = await ingestClientFor(pipeline.apiUrl, pipeline.database, signal);
  progress(`pipeline: sending through ${pipeline.apiUrl} (consumers pid ${pipeline.consumers.pid})`);
  const windowStart = sampler.now();
  const pipelineCpuMeter = startCpuMeter({
    mongoServer: services.pids.mongoServer,
    redis: services.pids.redis,
    consumers: pipeline.consumers.pid,
    apiAndClient: 'self',
  });
  const api = await ingestThroughApi({
    client,
    data,
    batchSize: args.batchSize,
    inFlight: args.inFlight,
    ordersAfterCustomers: args.ordersAfterCustomers,
    signal,
    consumersAlive: () => !pipeline.consumers.hasExited(),
    progress: (message) => progress(`pipeline: ${message}`),
  }).catch((error: unknown) => {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\nconsumers log, last lines:\n${pipeline.consumers.logTail()}`, { cause: error });
  });
  const pipelineCpu = pipelineCpuMeter.stop();
  const windowEnd = sampler.now();
  await sampler.stop();

  const [storedCustomers, storedOrders] = await Promise.all([
    pipeline.database.models.customers.countDocuments(),
    pipeline.database.models.orders.countDocuments(),
  ]);
  return buildIngestReport({
    args,
    services: services.describe,
    raw,
    rawCpu,
    api,
    pipelineCpu,
    consumerRss: sampler.summarise(windowStart, windowEnd),
    consumerWarnings: pipeline.consumers.warnings(),
    stored: { customers: storedCustomers, orders: storedOrders },
    retryResponses: retryResponses(),
  });
}

/** A client holding a fresh `ingest` API key, counting the answers that asked it to retry. */
async function ingestClientFor(apiUrl: string, database: Database, signal: AbortSignal) {
  const key = await createBenchApiKey(database, ['ingest'], 'bench:ingest');
  let retries = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 429 || response.status === 503) retries += 1;
    return response;
  };
  // Generous timeout: a 10,000-record request may queue behind the consumers' writes on a slow server.
  const client = createIngestClient({ apiUrl, apiKey: key, fetch: countingFetch, signal, requestTimeoutMs: 300_000 });
  return { client, retryResponses: () => retries };
}

/** A fresh database and Redis key prefix, the API listening in this process and the consumers in a child. */
async function startPipeline(services: BenchServices, teardown: Teardown) {
  const { serviceEnv, database } = await openBenchStore(services, 'bench_ingest', teardown);
  const api = await startBenchApi(serviceEnv, teardown);
  const consumers = await startConsumerProcess({
    env: { ...serviceEnv, LOG_LEVEL: 'warn', CONSUMER_NAME: 'bench-consumers' },
    logFile: path.join(services.dataDir, 'consumers.log'),
  });
  teardown.add('stop the consumers', () => consumers.stop());
  return { apiUrl: api.url, database, consumers };
}

// Exit explicitly: client libraries may keep timers alive after everything was closed.
process.exit(
  await runBenchmarkCommand({
    name: 'ingest',
    run: (teardown, signal, progress) => runIngestBenchmark(parseIngestArgs(process.argv.slice(2)), teardown, signal, progress),
    formatTable: formatIngestTable,
  }),
);
