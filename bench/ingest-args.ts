import { parseArgs } from 'node:util';
import { z } from 'zod';

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const ingestArgsSchema = z
  .object({
    customers: count(100_000),
    orders: count(200_000),
    batchSize: z.coerce.number().int().min(1).max(10_000).default(5_000),
    inFlight: z.coerce.number().int().min(1).max(16).default(3),
    seed: z.coerce.number().int().default(20_240_601),
    ordersAfterCustomers: z.boolean().default(false),
  })
  .refine((args) => args.customers > 0, { message: 'at least one customer (orders need customers)', path: ['customers'] });

/** What `bench/ingest.ts` was asked to measure. */
export type IngestArgs = z.infer<typeof ingestArgsSchema>;

export const ingestUsage =
  'usage: tsx bench/ingest.ts [--customers 100000] [--orders 200000] [--batch-size 5000] [--in-flight 3] [--seed 20240601] [--orders-after-customers]';

/** Parses and checks the command line; throws a message naming the bad option. */
export function parseIngestArgs(argv: string[]): IngestArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      orders: { type: 'string' },
      'batch-size': { type: 'string' },
      'in-flight': { type: 'string' },
      seed: { type: 'string' },
      'orders-after-customers': { type: 'boolean' },
    },
    strict: true,
    allowPositionals: false,
  });
  const parsed = ingestArgsSchema.safeParse({
    customers: values.customers,
    orders: values.orders,
    batchSize: values['batch-size'],
    inFlight: values['in-flight'],
    seed: values.seed,
    ordersAfterCustomers: values['orders-after-customers'],
  });
  if (!parsed.success) {
    const optionOf = (field: PropertyKey | undefined): string => String(field ?? '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
    throw new Error(`${parsed.error.issues.map((issue) => `--${optionOf(issue.path[0])}: ${issue.message}`).join('; ')}\n${ingestUsage}`);
  }
  return parsed.data;
}
