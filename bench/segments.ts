// `npm run bench:segments [-- --customers 100000 --runs 7 --seed 20240601]`
//
// Measures the segment preview (`POST /api/segments/preview`, real API in this process, real auth)
// against the bare countDocuments of the same compiled filter on the same database in the same run,
// tree by tree, and prints the result as JSON on stdout and as a table on stderr. The customers are
// loaded straight into the database first (setup, not measured). The exit code says whether the run
// worked, not whether the goal was met: this is a measurement.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, type Database } from '../db/open.js';
import { createDemoData } from '../domain/demo/demo-data.js';
import { checkSegmentRule } from '../domain/segments/check-rule.js';
import { createFieldRegistry } from '../domain/segments/field-registry.js';
import { benchServiceEnv, createBenchApiKey, startBenchApi } from './bench-api.js';
import { runBenchmarkCommand } from './bench-cli.js';
import { deleteRedisKeys, freshDatabaseUri, provisionBenchServices } from './bench-services.js';
import { loadSegmentCustomers } from './segment-customers.js';
import { measureTree, previewCaller } from './segment-timing.js';
import { benchTrees } from './segment-trees.js';
import { parseSegmentsArgs, type SegmentsArgs } from './segments-args.js';
import { buildSegmentsReport, formatSegmentsTable, type SegmentsMeasurements, type SegmentsReport } from './segments-report.js';
import type { Teardown } from './teardown.js';

/** Orders generated per customer, folded into their aggregates: about what a year of a real shop holds. */
const ordersPerCustomer = 2;
/** The embedded FerretDB builds the `_id` index after the first insert, asynchronously; let it finish before timing. */
const indexSettleMs = 3_000;
const dayMs = 86_400_000;

async function runSegmentsBenchmark(args: SegmentsArgs, teardown: Teardown, signal: AbortSignal, progress: (message: string) => void): Promise<SegmentsReport> {
  // Every tree must pass the same checks the API applies before anything is provisioned.
  const registry = createFieldRegistry();
  const trees = benchTrees.map((tree) => {
    const checked = checkSegmentRule(tree.rule, registry);
    if (!checked.ok) throw new Error(`tree ${tree.name} does not pass checkSegmentRule: ${JSON.stringify(checked.problems)}`);
    return { ...tree, checked: checked.rule };
  });

  const services = await provisionBenchServices(teardown, progress);
  signal.throwIfAborted();
  const mongoUri = freshDatabaseUri(services.mongoUri, 'bench_segments');
  // A separate connection from the API's: the raw counts share nothing with the route but the server.
  const database: Database = await openDatabase(mongoUri);
  teardown.add('drop the benchmark database', async () => {
    await database.connection.dropDatabase();
    await database.close();
  });

  // Today at midnight UTC: relative-date trees then match what they would in production, and the data
  // is the same all day for a seed.
  const dataNow = new Date(Math.floor(Date.now() / dayMs) * dayMs);
  progress(`loading ${args.customers.toLocaleString('en-US')} customers with ${(args.customers * ordersPerCustomer).toLocaleString('en-US')} orders folded in`);
  const loadStartedAt = performance.now();
  const data = createDemoData({ seed: args.seed, customers: args.customers, orders: args.customers * ordersPerCustomer, now: dataNow });
  const stored = await loadSegmentCustomers(database, data, signal, progress);
  const loadSeconds = (performance.now() - loadStartedAt) / 1000;
  await sleep(indexSettleMs, undefined, { signal });

  // The API keeps its rate-limit counters in Redis: under a prefix of their own, removed afterwards.
  const redisKeyPrefix = `bench:${randomUUID().slice(0, 8)}:`;
  teardown.add('delete the benchmark Redis keys', () => deleteRedisKeys(services.redisUrl, redisKeyPrefix));
  const api = await startBenchApi(benchServiceEnv(services, mongoUri, redisKeyPrefix), teardown);
  const apiKey = await createBenchApiKey(database, ['read'], 'bench:segments');
  const preview = previewCaller(api.url, apiKey, signal);

  const measured: SegmentsMeasurements['trees'] = [];
  for (const tree of trees) {
    progress(`tree ${tree.name}: warm-up and ${args.runs} runs`);
    const timing = await measureTree({ name: tree.name, rule: tree.rule, checked: tree.checked, runs: args.runs, preview, customers: database.models.customers.collection, signal });
    measured.push({ name: tree.name, description: tree.description, timing });
  }
  return buildSegmentsReport({ args, services: services.describe, dataNow, loaded: { ...stored, seconds: loadSeconds }, trees: measured });
}

// Exit explicitly: client libraries may keep timers alive after everything was closed.
process.exit(
  await runBenchmarkCommand({
    name: 'segments',
    run: (teardown, signal, progress) => runSegmentsBenchmark(parseSegmentsArgs(process.argv.slice(2)), teardown, signal, progress),
    formatTable: formatSegmentsTable,
  }),
);
