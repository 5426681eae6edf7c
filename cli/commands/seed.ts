import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDatabase } from '../../db/open.js';
import { maxDemoCustomers } from '../../domain/demo/demo-data.js';
import { readServicesEnv } from '../../services/services-env.js';
import { progressPrinter } from '../console.js';
import { loadDemoData, type DemoLoadProgress, type DemoLoadSummary, type KindProgress } from '../demo-data-loader.js';
import { UsageError } from '../usage-error.js';

const usage = `Usage:
  drumbeat seed [--customers 10000] [--orders 30000] [--seed 42] [--api-url http://127.0.0.1:3000]

Generates demo customers and orders and pushes them through the ingestion API of a running Drumbeat,
under a temporary API key (scope ingest) that is revoked at the end. The same --seed gives the same
records, so seeding twice updates them rather than adding more.
MongoDB (for the temporary key) is found from MONGODB_URI, or from a running \`npm start\` in this
directory; the API from --api-url, DRUMBEAT_API_URL, a running \`npm start\`, or http://127.0.0.1:$PORT.`;

const seedArgsSchema = z
  .object({
    customers: z.coerce.number().int().min(0).max(maxDemoCustomers).default(10_000),
    orders: z.coerce.number().int().min(0).default(30_000),
    seed: z.coerce.number().int().default(42),
    apiUrl: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).optional(),
  })
  .refine((args) => args.customers > 0 || args.orders === 0, { message: 'orders need at least one customer', path: ['orders'] });

const optionNames: Record<string, string> = { apiUrl: 'api-url' };

function parseSeedArgs(args: string[]): z.infer<typeof seedArgsSchema> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: { customers: { type: 'string' }, orders: { type: 'string' }, seed: { type: 'string' }, 'api-url': { type: 'string' } },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
  const parsed = seedArgsSchema.safeParse({ customers: values.customers, orders: values.orders, seed: values.seed, apiUrl: values['api-url'] });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'input');
      return `--${optionNames[name] ?? name}: ${issue.message}`;
    });
    throw new UsageError(lines.join('\n'), usage);
  }
  return parsed.data;
}

/** The API of a running Drumbeat: the flag, the environment, what `npm start` recorded, else the default port. */
export function seedApiUrl(flag: string | undefined, env: NodeJS.ProcessEnv, recorded: Record<string, string>): string {
  return flag ?? env.DRUMBEAT_API_URL ?? recorded.DRUMBEAT_API_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}`;
}

const count = (value: number): string => value.toLocaleString('en-US');

/** One line about one kind of record: how many were sent and persisted, and what went wrong. */
export function describeKind(kind: string, progress: KindProgress): string {
  const troubles = [
    ...(progress.rejected > 0 ? [`${count(progress.rejected)} rejected`] : []),
    ...(progress.deadLettered > 0 ? [`${count(progress.deadLettered)} dead-lettered`] : []),
  ];
  return `${kind} ${count(progress.sent)}/${count(progress.total)} sent, ${count(progress.persisted)} persisted${troubles.length > 0 ? ` (${troubles.join(', ')})` : ''}`;
}

/** Progress for people: every batch sent, and persistence at most every two seconds. */
function seedProgressPrinter(): (progress: DemoLoadProgress) => void {
  const print = progressPrinter('seed');
  let lastPrinted = 0;
  let lastSent = -1;
  return (progress) => {
    if (progress.phase === 'done') return;
    const current = progress[progress.phase];
    const now = Date.now();
    const finished = current.persisted + current.deadLettered >= current.accepted && current.sent === current.total;
    if (current.sent === lastSent && !finished && now - lastPrinted < 2_000) return;
    lastSent = current.sent;
    lastPrinted = now;
    print(describeKind(progress.phase, current));
  };
}

function printSummary(summary: DemoLoadSummary, seed: number, apiUrl: string): void {
  const lines = [
    `Seeded demo data (seed ${seed}) through ${apiUrl} in ${(summary.elapsedMs / 1000).toFixed(1)} s:`,
    `  ${describeKind('customers', summary.customers)}`,
    `  ${describeKind('orders', summary.orders)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** `drumbeat seed`: demo customers and orders, through the same ingestion API integrators use. */
export async function seedCommand(args: string[]): Promise<void> {
  const options = parseSeedArgs(args);
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to load demo data with NODE_ENV=production');
  const recorded = await readServicesEnv(process.env.DRUMBEAT_DATA_DIR ?? '.data');
  const mongoUri = process.env.MONGODB_URI ?? recorded.MONGODB_URI;
  if (!mongoUri) throw new Error('MONGODB_URI is not set and no running `npm start` was found in this directory');
  const apiUrl = seedApiUrl(options.apiUrl, process.env, recorded);

  const database = await openDatabase(mongoUri);
  // Ctrl-C stops sending and waiting, and still revokes the temporary key.
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    const summary = await loadDemoData(
      { seed: options.seed, customers: options.customers, orders: options.orders },
      { apiUrl, models: database.models, signal: interrupt.signal, onProgress: seedProgressPrinter() },
    ).catch((error: unknown) => {
      if (interrupt.signal.aborted) throw new Error('interrupted; the temporary API key is revoked');
      throw error;
    });
    printSummary(summary, options.seed, apiUrl);
    const lost = summary.customers.rejected + summary.customers.deadLettered + summary.orders.rejected + summary.orders.deadLettered;
    if (lost > 0) throw new Error(`${count(lost)} records were not persisted (see the ingestion statuses)`);
  } finally {
    process.off('SIGINT', onSigint);
    await database.close();
  }
}
