import { parseArgs } from 'node:util';
import { z } from 'zod';

const segmentsArgsSchema = z.object({
  customers: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  runs: z.coerce.number().int().min(1).max(1_000).default(3),
  seed: z.coerce.number().int().default(20_240_601),
});

/** What `bench/segments.ts` was asked to measure. */
export type SegmentsArgs = z.infer<typeof segmentsArgsSchema>;

export const segmentsUsage = 'usage: tsx bench/segments.ts [--customers 100000] [--runs 3] [--seed 20240601]';

/** Parses and checks the command line; throws a message naming the bad option. */
export function parseSegmentsArgs(argv: string[]): SegmentsArgs {
  const { values } = parseArgs({
    args: argv,
    options: { customers: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const parsed = segmentsArgsSchema.safeParse(values);
  if (!parsed.success) {
    throw new Error(`${parsed.error.issues.map((issue) => `--${String(issue.path[0] ?? '')}: ${issue.message}`).join('; ')}\n${segmentsUsage}`);
  }
  return parsed.data;
}
