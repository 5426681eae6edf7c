import { z } from 'zod';
import { nodeIdSchema } from '../delivery/delivery-ids.js';
import { discriminatorError, flowCodeParams, quoted } from './flow-errors.js';
import { maxWaitSeconds } from './flow-wait.js';
import { flowRuleSchema } from './rule-shape.js';

// How a split node divides the customers who reach it. Each kind has fixed branch labels (see
// flow-branches.ts) except a random split, whose branches the marketer names.

/** Random-split branch labels: they become counter keys, so safe-id characters only. */
export const branchLabelPattern = /^[A-Za-z0-9_-]{1,32}$/;

const ruleSplitSchema = z.strictObject({
  kind: z.literal('rule'),
  /** Customers the rule matches take the `yes` branch, the others `no`. */
  rule: flowRuleSchema,
});

const deliveryOutcomeSplitSchema = z.strictObject({
  kind: z.literal('deliveryOutcome'),
  /** A message node on every path to this split; its receipts decide the branch. */
  messageNodeId: nodeIdSchema,
  /** How long to wait for a receipt before a customer counts as `notDelivered`. */
  timeoutSeconds: z
    .number({ error: 'expected a number of seconds' })
    .int('expected a whole number of seconds')
    .min(60, 'wait at least 60 seconds for receipts')
    .max(7 * 86_400, 'wait at most 7 days (604,800 seconds) for receipts')
    .default(86_400),
});

const convertedSplitSchema = z.strictObject({
  kind: z.literal('converted'),
  /** Counts only orders placed within this many seconds of entering the campaign; without it, any order since entering. */
  windowSeconds: z
    .number({ error: 'expected a number of seconds' })
    .int('expected a whole number of seconds')
    .min(60, 'a conversion window lasts at least 60 seconds')
    .max(maxWaitSeconds, `a conversion window lasts at most 90 days (${maxWaitSeconds.toLocaleString('en-US')} seconds)`)
    .optional(),
});

const randomBranchSchema = z.strictObject({
  label: z.string({ error: 'expected a branch label' }).regex(branchLabelPattern, 'expected a branch label: 1–32 letters, digits, "_" or "-"'),
  percent: z.number({ error: 'expected a percentage' }).int('expected a whole percentage').min(1, 'a branch gets at least 1%').max(99, 'a branch gets at most 99%'),
});

const randomBranchesSchema = z
  .array(randomBranchSchema, { error: 'expected a list of branches, each {"label", "percent"}' })
  .min(2, 'a random split has at least 2 branches')
  .max(5, 'a random split has at most 5 branches')
  .superRefine((branches, ctx) => {
    const seen = new Set<string>();
    branches.forEach(({ label }, index) => {
      if (seen.has(label)) ctx.addIssue({ code: 'custom', path: [index, 'label'], message: `branch ${quoted(label)} is named twice`, params: flowCodeParams('duplicate_branch') });
      seen.add(label);
    });
    const total = branches.reduce((sum, { percent }) => sum + percent, 0);
    if (total !== 100) ctx.addIssue({ code: 'custom', message: `the percentages add up to ${total}; they must add up to 100`, params: flowCodeParams('percentages') });
  });

const randomSplitSchema = z.strictObject({
  kind: z.literal('random'),
  /** Each customer takes one branch at random with these odds (an A/B test; a holdout is a branch to an exit). */
  branches: randomBranchesSchema,
});

const splitKinds = ['rule', 'deliveryOutcome', 'converted', 'random'] as const;

/** How a split divides customers: by a rule, by a message's delivery, by conversion, or at random. */
export const splitSpecSchema = z.discriminatedUnion('kind', [ruleSplitSchema, deliveryOutcomeSplitSchema, convertedSplitSchema, randomSplitSchema], {
  error: discriminatorError('expected a split: {"kind": …} with the settings of that kind', `expected "kind" to be one of: ${splitKinds.join(', ')}`),
});
export type SplitSpec = z.infer<typeof splitSpecSchema>;
export type RandomBranch = z.infer<typeof randomBranchSchema>;
