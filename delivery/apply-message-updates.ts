import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { findByIds } from '../db/find-by-ids.js';
import type { Models } from '../db/models.js';
import type { StoredState } from './plan-round.js';
import { campaignOfMessageId } from '../domain/delivery/delivery-ids.js';
import type { MessageState } from '../domain/delivery/message-state.js';
import { subtractCounters, zeroCounters } from '../domain/delivery/delivery-counters.js';
import { withLock } from '../streams/redis-locks.js';
import { applyJournalWrites, closeRound, counterIncrements, finishJournal } from './journal.js';
import { counterShardOf } from './message-id.js';
import { planRound, type MessageUpdate, type RoundPlan } from './plan-round.js';

/** What the writers need: the message and counter collections, and Redis for the shard locks. */
export interface DeliveryStore {
  models: Pick<Models, 'communicationLog' | 'deliveryCounters'>;
  redis: Redis;
  now?: () => Date;
}

/** What a call changed, and the state of every message it touched. */
export interface UpdateOutcome {
  created: number;
  changed: number;
  /** Message ids that had changes but are not recorded (receipts for ids Drumbeat never sent). */
  unknown: string[];
  states: Map<string, MessageState>;
}

/** Updates per round: bounds the journal entry and how long a shard's lock is held. */
const updatesPerRound = 500;
/** Journal bytes per round (rendered bodies are most of it), well inside MongoDB's 16 MB document. */
const journalBytesPerRound = 4_000_000;
/** Shard groups worked on at once by one call. */
const parallelShards = 4;
/** Held locks are renewed; the TTL is how soon a shard whose writer died is free again. */
export const shardLockTtlMs = 15_000;
const lockWaitMs = 60_000;

/** The Redis lock that serialises the rounds of one counter shard. */
export function shardLockOf(shardId: string): string {
  return `delivery:shard-lock:${shardId}`;
}

/** The counter shard document id (and lock name) of a campaign's shard. */
export function shardIdOf(campaignId: string, shard: number): string {
  return `${campaignId}:${shard}`;
}

/**
 * Applies message updates — new messages, sends, refusals, receipts — to the communication log and
 * the campaign counters, exactly once per status transition however often the same updates come.
 *
 * Updates are grouped by campaign counter shard; each shard's updates run in rounds under the shard's
 * Redis lock. A round reads its messages (by id), plans their new states (delivery/plan-round.ts),
 * then in ONE single-document update adds the counter changes to the shard and records the round's
 * message writes in the shard's journal; then stores the message writes; then drops the journal entry.
 * A crash after the first write leaves the journal: the next round on that shard (or the sweeper)
 * stores those writes before reading anything, so counters and messages never disagree for long and
 * never count twice. Replayed updates find their messages already changed and count nothing.
 *
 * With a `step` (sending, see send-batch.ts), the round's first journal entry is a write-ahead record
 * only: the step runs under the lock, and the round then stores each message once, in its final state,
 * swapping the first entry for the final one in the same single-document update that adds the rest of
 * the counter changes. A crash in between leaves the first entry, whose writes (PENDING messages) the
 * next round stores.
 */
export async function applyMessageUpdates(store: DeliveryStore, updates: MessageUpdate[], step?: InRoundStep): Promise<UpdateOutcome> {
  const outcome: UpdateOutcome = { created: 0, changed: 0, unknown: [], states: new Map() };
  const groups = new Map<string, MessageUpdate[]>();
  for (const update of updates) {
    const campaignId = campaignOfMessageId(update.messageId);
    if (!campaignId) {
      outcome.unknown.push(update.messageId);
      continue;
    }
    const shardId = shardIdOf(campaignId, counterShardOf(update.messageId));
    groups.set(shardId, [...(groups.get(shardId) ?? []), update]);
  }
  const queue = [...groups];
  async function worker(): Promise<void> {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const [shardId, shardUpdates] = next;
      for (const round of rounds(shardUpdates)) {
        const result = await withLock(store.redis, shardLockOf(shardId), { ttlMs: shardLockTtlMs, waitMs: lockWaitMs }, () =>
          applyRound(store, shardId, round, step),
        );
        outcome.created += result.created;
        outcome.changed += result.changed;
        outcome.unknown.push(...result.unknown);
        for (const [id, state] of result.states) outcome.states.set(id, state);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallelShards, queue.length) }, worker));
  return outcome;
}

/** Splits a shard's updates into rounds bounded by count and journal size. */
function* rounds(updates: MessageUpdate[]): Generator<MessageUpdate[]> {
  let round: MessageUpdate[] = [];
  let bytes = 0;
  for (const update of updates) {
    const size = 'create' in update ? 400 + update.create.body.length * 2 + (update.create.subject?.length ?? 0) * 2 : 200;
    if (round.length > 0 && (round.length >= updatesPerRound || bytes + size > journalBytesPerRound)) {
      yield round;
      round = [];
      bytes = 0;
    }
    round.push(update);
    bytes += size;
  }
  if (round.length > 0) yield round;
}

const stateProjection = { _id: 1, nodeId: 1, status: 1, sentAt: 1, deliveredAt: 1, failedAt: 1, failureReason: 1, vendorMessageId: 1 } as const;

/**
 * Work done inside a round, between planning and writing, still under the shard's lock: it sees the
 * messages' planned states and returns further updates (sending the PENDING ones to the vendor and
 * returning their SENT / refused changes, say).
 */
export type InRoundStep = (states: Map<string, MessageState>) => Promise<MessageUpdate[]>;

async function applyRound(store: DeliveryStore, shardId: string, updates: MessageUpdate[], step?: InRoundStep): Promise<UpdateOutcome> {
  const { models } = store;
  await finishJournal(models, shardId);
  const ids = [...new Set(updates.map((update) => update.messageId))];
  const stored = await findByIds<StoredState>(models.communicationLog as never, ids, stateProjection);
  const now = store.now?.() ?? new Date();
  const [campaignId, shard] = splitShardId(shardId);
  const counters = models.deliveryCounters.collection;
  const shardFields = { campaignId, shard, updatedAt: now };

  const planned = planRound(stored, updates, now);
  const firstRound = planned.writes.length > 0 ? newRoundId() : null;
  if (firstRound) {
    await counters.updateOne(
      { _id: shardId as never },
      { $inc: counterIncrements(planned.totals, planned.nodes), $set: { ...shardFields, [`journal.${firstRound}`]: { at: now, writes: planned.writes } } },
      { upsert: true },
    );
  }
  if (!step) {
    if (firstRound) {
      await applyJournalWrites(models, planned.writes);
      await closeRound(models, shardId, firstRound);
    }
    return outcomeOf(planned);
  }

  let more: MessageUpdate[];
  try {
    more = await step(planned.states);
  } catch (error) {
    // Nothing was sent, or the vendor's answer is lost: store what the round recorded (PENDING messages
    // stay PENDING, and a retry sends them again) before giving up the lock.
    if (firstRound) {
      await applyJournalWrites(models, planned.writes);
      await closeRound(models, shardId, firstRound);
    }
    throw error;
  }
  // The writes are planned from the stored state once more, with both sets of updates, so new messages
  // are inserted once in their final state; the counters get what the first journal entry did not add.
  const final = planRound(stored, [...updates, ...more], now);
  if (final.writes.length === 0) return outcomeOf(final);
  const finalRound = newRoundId();
  const totals = subtractCounters(final.totals, planned.totals);
  const nodes = new Map([...final.nodes].map(([nodeId, node]) => [nodeId, subtractCounters(node, planned.nodes.get(nodeId) ?? zeroCounters())]));
  await counters.updateOne(
    { _id: shardId as never },
    {
      $inc: counterIncrements(totals, nodes),
      $set: { ...shardFields, [`journal.${finalRound}`]: { at: now, writes: final.writes } },
      ...(firstRound ? { $unset: { [`journal.${firstRound}`]: '' } } : {}),
    },
    { upsert: true },
  );
  await applyJournalWrites(models, final.writes);
  await closeRound(models, shardId, finalRound);
  return outcomeOf(final);
}

function outcomeOf(plan: RoundPlan): UpdateOutcome {
  return { created: plan.created, changed: plan.changed, unknown: plan.unknown, states: plan.states };
}

function newRoundId(): string {
  return randomUUID().replaceAll('-', '');
}

function splitShardId(shardId: string): [string, number] {
  const separator = shardId.lastIndexOf(':');
  return [shardId.slice(0, separator), Number(shardId.slice(separator + 1))];
}
