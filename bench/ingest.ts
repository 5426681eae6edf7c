// `npm run bench:ingest [-- --customers 100000 --orders 200000]`
//
// Measures the ingestion pipeline end to end (real API in this process, real consumers as a child process
// whose memory is sampled) against the raw upsert rate of the same database server in the same run, and
// prints the result as JSON on stdout and as a table on stderr. The exit code says whether the run
// worked, not whether the goal was met: this is a measurement.

import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createApiKeyService } from '../api/api-keys/api-key-service.js';
import { createAuditLog, localOrigin } from '../api/audit/audit-log.js';
import { startApiServer } from '../api/server.js';
import { createIngestClient } from '../cli/ingest-client.js';
import { loadApiConfig } from '../config/api.js';
import { openDatabase, type Database } from '../db/open.js';
import { createDemoData } from '../domain/demo/demo-data.js';
import { createLogger } from '../observability/logger.js';
import { ingestThroughApi } from './api-ingestion.js';
import { deleteRedisKeys, freshDatabaseUri, provisionBenchServices, type BenchServices } from './bench-services.js';
import { startConsumerProcess } from './consumer-process.js';
import { startCpuMeter } from './cpu-time.js';
import { parseIngestArgs, type IngestArgs } from './ingest-args.js';
import { buildIngestReport, formatIngestTable, type IngestReport } from './ingest-report.js';
import { measureRawUpserts } from './raw-upsert-baseline.js';
import { RssSampler } from './rss-sampler.js';
import { abortOnSignals, Teardown } from './teardown.js';

/** The demo data's "now", fixed so every run generates the same records. */
const demoNow = new Date('2025-06-01T00:00:00.000Z');

function progress(message: string): void {
  process.stderr.write(`[bench:ingest] ${message}\n`);
}

async function runIngestBenchmark(args: IngestArgs, teardown: Teardown, signal: AbortSignal): Promise<IngestReport> {
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
    consumerWarnings: pipeline.consumers.warningCount(),
    stored: { customers: storedCustomers, orders: storedOrders },
    retryResponses: retryResponses(),
  });
}

/** A client holding a fresh `ingest` API key, counting the answers that asked it to retry. */
async function ingestClientFor(apiUrl: string, database: Database, signal: AbortSignal) {
  const keys = createApiKeyService(database.models.apiKeys, createAuditLog(database.models.auditEvents));
  const { key } = await keys.create(
    { name: 'bench:ingest', scopes: ['ingest'], expiresAt: new Date(Date.now() + 24 * 3_600_000).toISOString() },
    { type: 'system', id: null, label: 'bench:ingest' },
    localOrigin,
  );
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
  const mongoUri = freshDatabaseUri(services.mongoUri, 'bench_ingest');
  const redisKeyPrefix = `bench:${randomUUID().slice(0, 8)}:`;
  const serviceEnv = {
    NODE_ENV: 'test',
    MONGODB_URI: mongoUri,
    REDIS_URL: services.redisUrl,
    REDIS_KEY_PREFIX: redisKeyPrefix,
    TEMPORAL_ADDRESS: services.temporalAddress,
    TEMPORAL_NAMESPACE: services.temporalNamespace,
  };
  teardown.add('delete the benchmark Redis keys', () => deleteRedisKeys(services.redisUrl, redisKeyPrefix));
  const database: Database = await openDatabase(mongoUri);
  teardown.add('drop the benchmark database', async () => {
    await database.connection.dropDatabase();
    await database.close();
  });
  const config = loadApiConfig({
    ...serviceEnv,
    LOG_LEVEL: 'silent',
    PORT: '0',
    RATE_LIMIT_AUTH: '100000/1m',
    RATE_LIMIT_INGEST: '100000/1m',
    RATE_LIMIT_PREVIEW: '100000/1m',
    RATE_LIMIT_AI: '100000/1m',
  });
  const api = await startApiServer(config, createLogger({ role: 'api', level: config.logLevel }));
  teardown.add('stop the API', () => api.close());
  const consumers = await startConsumerProcess({
    env: { ...serviceEnv, LOG_LEVEL: 'warn', CONSUMER_NAME: 'bench-consumers' },
    logFile: path.join(services.dataDir, 'consumers.log'),
  });
  teardown.add('stop the consumers', () => consumers.stop());
  return { apiUrl: api.url, database, consumers };
}

async function main(): Promise<number> {
  const interrupt = new AbortController();
  abortOnSignals(interrupt, progress);
  const teardown = new Teardown();
  let exitCode = 0;
  try {
    const args = parseIngestArgs(process.argv.slice(2));
    const report = await runIngestBenchmark(args, teardown, interrupt.signal);
    await write(process.stdout, `${JSON.stringify(report, null, 2)}\n`);
    await write(process.stderr, formatIngestTable(report));
  } catch (error) {
    exitCode = interrupt.signal.aborted ? 130 : 1;
    progress(interrupt.signal.aborted ? 'interrupted' : `failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    progress('cleaning up');
    await teardown.run(progress);
  }
  return exitCode;
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

// Exit explicitly: client libraries may keep timers alive after everything was closed.
process.exit(await main());
