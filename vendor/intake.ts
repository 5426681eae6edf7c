import type { DeliveryReceipt } from '../domain/receipts.js';
import type { VendorChaos, VendorMessage, VendorSendResult } from '../domain/vendor-api.js';
import type { Chaos } from './chaos.js';
import type { MessageStore } from './message-store.js';
import { decideOutcome, rejectionOf } from './outcome.js';
import type { ReceiptQueue, ScheduledReceipt } from './receipt-queue.js';
import { seededHex, seededUnit, type Random } from './seeded-random.js';
import type { VendorCounters } from './stats.js';

/** With out-of-order chaos on, this share of DELIVERED messages first gets a contradictory FAILED receipt. */
export const contradictionShare = 0.2;
/** The reason carried by those early, contradictory FAILED receipts. */
export const contradictionReason = 'Temporary delivery failure (retrying)';
/** Receipt due times vary by up to this share of the receipt delay, either way. */
const receiptJitter = 0.2;

export interface IntakeDeps {
  seed: string;
  failureRate: number;
  receiptDelayMs: number;
  store: MessageStore;
  queue: ReceiptQueue;
  counters: VendorCounters;
  chaos: Chaos;
  random: Random;
  now?: () => number;
}

/** Accepts a batch of messages: dedup by message id, per-message rejection, outcome, receipts scheduled. */
export interface Intake {
  accept(messages: VendorMessage[]): VendorSendResult[];
}

/** The vendor's message intake; results come back in request order. */
export function createIntake(deps: IntakeDeps): Intake {
  const now = deps.now ?? Date.now;
  const { counters } = deps;

  const acceptOne = (message: VendorMessage, chaos: VendorChaos): VendorSendResult => {
    const known = deps.store.vendorIdOf(message.messageId);
    if (known !== undefined) {
      counters.duplicatesSeen += 1;
      return { messageId: message.messageId, outcome: 'accepted', vendorMessageId: known, duplicate: true };
    }
    const reason = rejectionOf(message);
    if (reason !== undefined) {
      counters.rejected += 1;
      return { messageId: message.messageId, outcome: 'rejected', reason };
    }
    const vendorMessageId = `vm_${seededHex(deps.seed, 'vendor-id', message.messageId, 24)}`;
    deps.store.remember(message.messageId, vendorMessageId);
    counters.uniqueMessages += 1;
    scheduleReceipts(message, vendorMessageId, chaos);
    return { messageId: message.messageId, outcome: 'accepted', vendorMessageId, duplicate: false };
  };

  const scheduleReceipts = (message: VendorMessage, vendorMessageId: string, chaos: VendorChaos): void => {
    const outcome = decideOutcome(deps.seed, deps.failureRate, message);
    counters[outcome.status === 'DELIVERED' ? 'delivered' : 'failed'] += 1;
    const acceptedAt = now();
    const dueAt = acceptedAt + Math.max(0, Math.round(deps.receiptDelayMs * (1 + (deps.random() * 2 - 1) * receiptJitter)));
    const final: DeliveryReceipt = {
      messageId: message.messageId,
      status: outcome.status,
      at: new Date(dueAt).toISOString(),
      ...(outcome.status === 'FAILED' ? { reason: outcome.reason } : {}),
      vendorMessageId,
    };
    let head: ScheduledReceipt = { receipt: final, kind: 'final' };
    if (chaos.duplicateReceiptRate > 0 && seededUnit(deps.seed, 'duplicate', message.messageId) < chaos.duplicateReceiptRate) {
      head.followUp = { receipt: final, kind: 'duplicate' };
    }
    if (chaos.outOfOrder && outcome.status === 'DELIVERED' && seededUnit(deps.seed, 'contradiction', message.messageId) < contradictionShare) {
      // Earlier in time and in arrival: the final DELIVERED is only queued once this FAILED was accepted.
      const failedAt = new Date(acceptedAt + Math.floor((dueAt - acceptedAt) / 2)).toISOString();
      head = {
        receipt: { messageId: message.messageId, status: 'FAILED', at: failedAt, reason: contradictionReason, vendorMessageId },
        kind: 'contradiction',
        followUp: head,
      };
    }
    counters.receiptsPending += chainLength(head);
    deps.queue.push({ ...head, dueAt });
  };

  return {
    accept: (messages) => {
      // One snapshot per request: every message of a batch sees the same chaos settings.
      const chaos = deps.chaos.settings();
      return messages.map((message) => acceptOne(message, chaos));
    },
  };
}

function chainLength(receipt: ScheduledReceipt): number {
  return 1 + (receipt.followUp ? chainLength(receipt.followUp) : 0);
}
