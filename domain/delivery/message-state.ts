import type { receiptStatuses } from '../receipts.js';
import { statusRank, type MessageStatus } from './message-status.js';

/** The parts of a message that change after it is recorded. */
export interface MessageState {
  status: MessageStatus;
  /** When the vendor accepted it (or, if a receipt came first, when that receipt said it happened). */
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  failureReason: string | null;
  vendorMessageId: string | null;
}

type ReceiptStatus = (typeof receiptStatuses)[number];

/** Something that happened to a recorded message. */
export type MessageChange =
  | { kind: 'sent'; at: Date; vendorMessageId: string }
  /** The vendor refused the message outright (a permanent error): it was never sent. */
  | { kind: 'refused'; at: Date; reason: string }
  | { kind: 'receipt'; status: ReceiptStatus; at: Date; reason?: string | undefined; vendorMessageId?: string | undefined };

const noReason = 'The vendor reported a failure without a reason.';

/**
 * The state after a change. The merge is order-independent and idempotent — status takes the highest
 * rank seen, each time is the earliest reported, the failure reason is the earliest failure's — so
 * receipts that arrive late, twice or out of order end in the same state as receipts in order.
 * A SKIPPED message was never sent; nothing changes it.
 */
export function mergeMessageChange(state: MessageState, change: MessageChange): MessageState {
  if (state.status === 'SKIPPED') return state;
  const next: MessageState = { ...state };
  if (change.kind === 'sent') {
    next.status = higher(state.status, 'SENT');
    next.sentAt = earliest(state.sentAt, change.at);
    next.vendorMessageId = lowest(state.vendorMessageId, change.vendorMessageId);
    return next;
  }
  if (change.kind === 'refused') return withFailure(next, change.at, change.reason);
  // Any receipt means the vendor had the message.
  next.sentAt = earliest(state.sentAt, change.at);
  next.vendorMessageId = lowest(state.vendorMessageId, change.vendorMessageId ?? null);
  if (change.status === 'FAILED' || change.status === 'BOUNCED') {
    const reason = change.reason ?? (change.status === 'BOUNCED' ? 'Bounced' : noReason);
    return withFailure(next, change.at, reason);
  }
  // DELIVERED, and OPENED / CLICKED, which imply it.
  next.status = higher(next.status, 'DELIVERED');
  next.deliveredAt = earliest(state.deliveredAt, change.at);
  return next;
}

function withFailure(next: MessageState, at: Date, reason: string): MessageState {
  next.status = higher(next.status, 'FAILED');
  const earlier = !next.failedAt || at.getTime() < next.failedAt.getTime();
  const tie = next.failedAt?.getTime() === at.getTime();
  if (earlier) next.failureReason = reason;
  else if (tie) next.failureReason = lowest(next.failureReason, reason);
  next.failedAt = earliest(next.failedAt, at);
  return next;
}

/** True when two states are the same (nothing to write). */
export function sameState(a: MessageState, b: MessageState): boolean {
  return (
    a.status === b.status &&
    sameTime(a.sentAt, b.sentAt) &&
    sameTime(a.deliveredAt, b.deliveredAt) &&
    sameTime(a.failedAt, b.failedAt) &&
    a.failureReason === b.failureReason &&
    a.vendorMessageId === b.vendorMessageId
  );
}

function higher(a: MessageStatus, b: MessageStatus): MessageStatus {
  return statusRank[b] > statusRank[a] ? b : a;
}

function earliest(a: Date | null, b: Date): Date {
  return a && a.getTime() <= b.getTime() ? a : b;
}

// Picks deterministically between two values so the merge does not depend on arrival order.
function lowest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return a === b || (a !== null && b !== null && a.getTime() === b.getTime());
}
