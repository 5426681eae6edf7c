import { parseArgs } from 'node:util';
import { z } from 'zod';

const deliveryArgsSchema = z.object({
  messages: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  page: z.coerce.number().int().min(1).max(10_000).default(1_000),
  parallel: z.coerce.number().int().min(1).max(16).default(4),
  seed: z.coerce.number().int().default(20_240_601),
});

/** What `bench/delivery.ts` was asked to measure. */
export type DeliveryArgs = z.infer<typeof deliveryArgsSchema>;

export const deliveryUsage = 'usage: tsx bench/delivery.ts [--messages 100000] [--page 1000] [--parallel 4] [--seed 20240601]';

/** Parses and checks the command line; throws a message naming the bad option. */
export function parseDeliveryArgs(argv: string[]): DeliveryArgs {
  const { values } = parseArgs({
    args: argv,
    options: { messages: { type: 'string' }, page: { type: 'string' }, parallel: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const parsed = deliveryArgsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(`${parsed.error.issues.map((issue) => `--${String(issue.path[0] ?? '')}: ${issue.message}`).join('; ')}\n${deliveryUsage}`);
  }
  return parsed.data;
}
