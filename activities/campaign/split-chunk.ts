import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { Types } from 'mongoose';
import { findByIds } from '../../db/find-by-ids.js';
import type { CustomerLedgerDocument } from '../../db/models/customer-ledger.js';
import type { Models } from '../../db/models.js';
import type { SegmentFieldSource } from '../../db/segment-fields.js';
import { messageIdOf } from '../../delivery/message-id.js';
import type { SplitNode } from '../../domain/flows/flow-document.js';
import { checkSegmentRule } from '../../domain/segments/check-rule.js';
import { evaluateSegment } from '../../domain/segments/evaluate-segment.js';
import type { RoutedChunk, SplitChunkResult } from './campaign-activity-types.js';
import { derivedChunkId, readChunk, writeChunks } from './campaign-chunks.js';

export interface SplitDeps {
  models: Pick<Models, 'customers' | 'customerLedgers' | 'campaignChunks' | 'communicationLog'>;
  fields: SegmentFieldSource;
}

export interface SplitInput {
  campaignId: string;
  node: SplitNode;
  chunkId: string;
  enteredAt: number;
  arrivedAt: number;
  now: number;
}

/**
 * Divides one chunk among a split's branches and stores one chunk per non-empty branch (ids derived
 * from the input chunk and branch, so a retry writes the same ones). A delivery-outcome split answers
 * "not ready" while receipts of the chunk's messages are still due and its timeout has not passed.
 */
export async function splitChunk(deps: SplitDeps, input: SplitInput): Promise<SplitChunkResult> {
  const members = await readChunk(deps.models, input.chunkId);
  const split = input.node.split;
  let branchOf: (member: Types.ObjectId) => string;
  if (split.kind === 'random') branchOf = randomBranches(input.campaignId, input.node.id, split.branches);
  else if (split.kind === 'rule') branchOf = await ruleBranches(deps, split.rule, members, new Date(input.now));
  else if (split.kind === 'converted') branchOf = await conversionBranches(deps, members, input.enteredAt, split.windowSeconds);
  else {
    const outcome = await outcomeBranches(deps, input.campaignId, split.messageNodeId, members, input.now >= input.arrivedAt + split.timeoutSeconds * 1_000);
    if (!outcome.ready) return { ready: false, pending: outcome.pending };
    branchOf = outcome.branchOf;
  }

  const byBranch = new Map<string, Types.ObjectId[]>();
  for (const member of members) {
    const branch = branchOf(member);
    byBranch.set(branch, [...(byBranch.get(branch) ?? []), member]);
  }
  const outputs: Array<RoutedChunk & { members: Types.ObjectId[] }> = [...byBranch].map(([branch, branchMembers]) => ({
    branch,
    chunkId: derivedChunkId(input.campaignId, input.node.id, input.chunkId, branch),
    size: branchMembers.length,
    members: branchMembers,
  }));
  await writeChunks(deps.models, input.campaignId, input.node.id, outputs);
  return { ready: true, outputs: outputs.map(({ branch, chunkId, size }) => ({ branch, chunkId, size })) };
}

/** A/B: each customer's bucket (0–99) from a hash of campaign, node and customer — stable across retries and runs. */
function randomBranches(campaignId: string, nodeId: string, branches: ReadonlyArray<{ label: string; percent: number }>): (member: Types.ObjectId) => string {
  return (member) => {
    const bucket = createHash('sha256').update(`${campaignId}\u0000${nodeId}\u0000${member.toHexString()}`).digest().readUInt32BE(0) % 100;
    let upTo = 0;
    for (const branch of branches) {
      upTo += branch.percent;
      if (bucket < upTo) return branch.label;
    }
    return branches.at(-1)?.label ?? '';
  };
}

/** A rule on customer fields, as the customers are now: the in-memory evaluator the compiler is proven against. */
async function ruleBranches(deps: SplitDeps, rule: unknown, members: Types.ObjectId[], now: Date): Promise<(member: Types.ObjectId) => string> {
  const checked = checkSegmentRule(rule, await deps.fields.registry());
  if (!checked.ok) throw ApplicationFailure.nonRetryable(`the split rule no longer checks: ${checked.problems.map((p) => p.message).join('; ')}`, 'InvalidFlow');
  const customers = await findByIds<Record<string, unknown> & { _id: Types.ObjectId }>(deps.models.customers as never, members);
  const matching = new Set(customers.filter((customer) => evaluateSegment(checked.rule, customer, now)).map((customer) => customer._id.toHexString()));
  return (member) => (matching.has(member.toHexString()) ? 'yes' : 'no');
}

/** "Placed an order since entering": a counted or not, any order in the customer's ledger from `enteredAt` (within the window, if any). */
async function conversionBranches(deps: SplitDeps, members: Types.ObjectId[], enteredAt: number, windowSeconds: number | undefined): Promise<(member: Types.ObjectId) => string> {
  const until = windowSeconds === undefined ? Number.POSITIVE_INFINITY : enteredAt + windowSeconds * 1_000;
  const ledgers = await findByIds<Pick<CustomerLedgerDocument, '_id' | 'entries'>>(deps.models.customerLedgers, members, { entries: 1 });
  const converted = new Set(
    ledgers
      .filter((ledger) => Object.values(ledger.entries ?? {}).some((entry) => entry.at.getTime() >= enteredAt && entry.at.getTime() <= until))
      .map((ledger) => ledger._id.toHexString()),
  );
  return (member) => (converted.has(member.toHexString()) ? 'converted' : 'notConverted');
}

/** Delivered or not, by the receipts of the message the split names; not ready while receipts are due and time remains. */
async function outcomeBranches(
  deps: SplitDeps,
  campaignId: string,
  messageNodeId: string,
  members: Types.ObjectId[],
  timedOut: boolean,
): Promise<{ ready: true; branchOf: (member: Types.ObjectId) => string } | { ready: false; pending: number }> {
  const ids = members.map((member) => messageIdOf(campaignId, messageNodeId, member.toHexString()));
  const messages = await findByIds<{ _id: string; status: string }>(deps.models.communicationLog as never, ids, { status: 1 });
  const pending = messages.filter((message) => message.status === 'PENDING' || message.status === 'SENT').length;
  if (pending > 0 && !timedOut) return { ready: false, pending };
  const delivered = new Set(messages.filter((message) => message.status === 'DELIVERED').map((message) => message._id));
  return { ready: true, branchOf: (member) => (delivered.has(messageIdOf(campaignId, messageNodeId, member.toHexString())) ? 'delivered' : 'notDelivered') };
}
