import type { CommunicationLogDocument } from '../db/models/communication-log.js';
import type { JournalWrite } from '../db/models/delivery-counters.js';
import { addCounters, counterDelta, zeroCounters, type DeliveryCounters } from '../domain/delivery/delivery-counters.js';
import { mergeMessageChange, sameState, type MessageChange, type MessageState } from '../domain/delivery/message-state.js';

/** A message to record (PENDING, or SKIPPED with its reason), or a change to a recorded one. */
export type MessageUpdate = { messageId: string; create: CommunicationLogDocument } | { messageId: string; change: MessageChange };

/** The state fields of a stored message. */
export type StoredState = Pick<CommunicationLogDocument, '_id' | 'nodeId' | keyof MessageState>;

/** What one round writes and counts. */
export interface RoundPlan {
  writes: JournalWrite[];
  /** Counter changes, by node and in total. */
  totals: DeliveryCounters;
  nodes: Map<string, DeliveryCounters>;
  /** The state of every message the round knows after it. */
  states: Map<string, MessageState>;
  /** Changes for messages that are not recorded (a receipt for an id Drumbeat never sent, say). */
  unknown: string[];
  created: number;
  changed: number;
}

/** The state part of a stored message. */
export function stateOf(message: Pick<CommunicationLogDocument, keyof MessageState>): MessageState {
  return {
    status: message.status,
    sentAt: message.sentAt ?? null,
    deliveredAt: message.deliveredAt ?? null,
    failedAt: message.failedAt ?? null,
    failureReason: message.failureReason ?? null,
    vendorMessageId: message.vendorMessageId ?? null,
  };
}

/**
 * Plans one round over messages as stored now: folds each update into its message (in order, though
 * the merge does not depend on it), and works out the writes and the counter changes from each
 * message's state before and after. A message already recorded is never recorded again.
 */
export function planRound(stored: StoredState[], updates: MessageUpdate[], now: Date): RoundPlan {
  const before = new Map(stored.map((message) => [message._id, { nodeId: message.nodeId, state: stateOf(message) }]));
  const after = new Map<string, MessageState>();
  const inserts = new Map<string, CommunicationLogDocument>();
  const unknown: string[] = [];
  for (const update of updates) {
    const id = update.messageId;
    const current = after.get(id) ?? before.get(id)?.state ?? (inserts.has(id) ? stateOf(inserts.get(id)!) : undefined);
    if ('create' in update) {
      if (!current) {
        inserts.set(id, update.create);
        after.set(id, stateOf(update.create));
      }
      continue;
    }
    if (!current) {
      unknown.push(id);
      continue;
    }
    after.set(id, mergeMessageChange(current, update.change));
  }

  const plan: RoundPlan = { writes: [], totals: zeroCounters(), nodes: new Map(), states: new Map(), unknown, created: 0, changed: 0 };
  for (const [id, { state }] of before) plan.states.set(id, state);
  for (const [id, state] of after) {
    plan.states.set(id, state);
    const inserted = inserts.get(id);
    const previous = before.get(id);
    if (inserted) {
      plan.writes.push({ insert: { ...inserted, ...state, updatedAt: now } });
      plan.created += 1;
    } else if (previous && !sameState(previous.state, state)) {
      plan.writes.push({ id, set: { ...state, updatedAt: now } });
      plan.changed += 1;
    } else continue;
    const nodeId = inserted?.nodeId ?? previous!.nodeId;
    const delta = counterDelta(previous?.state ?? null, state);
    addCounters(plan.totals, delta);
    const node = plan.nodes.get(nodeId) ?? zeroCounters();
    plan.nodes.set(nodeId, addCounters(node, delta));
  }
  return plan;
}
