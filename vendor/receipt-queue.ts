import type { DeliveryReceipt } from '../domain/receipts.js';

/** What a receipt is, for the stats: a message's final word, a duplicate copy, or an early contradiction. */
export type ReceiptKind = 'final' | 'duplicate' | 'contradiction';

/** A receipt to send, and what to schedule once the CRM has accepted it. */
export interface ScheduledReceipt {
  receipt: DeliveryReceipt;
  kind: ReceiptKind;
  /** Queued only after this receipt was accepted, so it is sure to arrive later. */
  followUp?: ScheduledReceipt;
}

/** A scheduled receipt with the time it becomes due. */
export interface PendingReceipt extends ScheduledReceipt {
  dueAt: number;
}

/** Receipts waiting for their time, earliest first. */
export interface ReceiptQueue {
  push(receipt: PendingReceipt): void;
  /** Removes and returns up to `max` receipts due at `now`, earliest first. */
  takeDue(now: number, max: number): PendingReceipt[];
  /** When the earliest receipt is due; undefined when empty. */
  nextDueAt(): number | undefined;
  size(): number;
}

/** A binary min-heap on `dueAt`: receipts arrive nearly in order, but jitter and follow-ups reorder them. */
export function createReceiptQueue(): ReceiptQueue {
  const heap: PendingReceipt[] = [];
  const at = (index: number): PendingReceipt => heap[index] as PendingReceipt;
  const swap = (a: number, b: number): void => {
    [heap[a], heap[b]] = [at(b), at(a)];
  };

  const siftUp = (start: number): void => {
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (at(parent).dueAt <= at(index).dueAt) return;
      swap(parent, index);
      index = parent;
    }
  };
  const siftDown = (start: number): void => {
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && at(left).dueAt < at(smallest).dueAt) smallest = left;
      if (right < heap.length && at(right).dueAt < at(smallest).dueAt) smallest = right;
      if (smallest === index) return;
      swap(smallest, index);
      index = smallest;
    }
  };
  const pop = (): PendingReceipt => {
    const top = at(0);
    const last = heap.pop() as PendingReceipt;
    if (heap.length > 0) {
      heap[0] = last;
      siftDown(0);
    }
    return top;
  };

  return {
    push: (receipt) => {
      heap.push(receipt);
      siftUp(heap.length - 1);
    },
    takeDue: (now, max) => {
      const due: PendingReceipt[] = [];
      while (due.length < max && heap.length > 0 && at(0).dueAt <= now) due.push(pop());
      return due;
    },
    nextDueAt: () => heap[0]?.dueAt,
    size: () => heap.length,
  };
}
