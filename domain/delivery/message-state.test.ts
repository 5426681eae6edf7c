import { describe, expect, it } from 'vitest';
import { counterDelta, contributionOf, addCounters, zeroCounters } from './delivery-counters.js';
import { mergeMessageChange, sameState, type MessageChange, type MessageState } from './message-state.js';

const pending: MessageState = { status: 'PENDING', sentAt: null, deliveredAt: null, failedAt: null, failureReason: null, vendorMessageId: null };
const at = (second: number): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const fold = (changes: MessageChange[], start: MessageState = pending): MessageState => changes.reduce(mergeMessageChange, start);

/** A small seeded generator, so a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomChange(next: () => number): MessageChange {
  const second = Math.floor(next() * 5);
  const pick = Math.floor(next() * 6);
  if (pick === 0) return { kind: 'sent', at: at(second), vendorMessageId: `vm_${Math.floor(next() * 2)}` };
  if (pick === 1) return { kind: 'refused', at: at(second), reason: `refused ${Math.floor(next() * 2)}` };
  const statuses = ['DELIVERED', 'FAILED', 'OPENED', 'BOUNCED'] as const;
  const status = statuses[Math.floor(next() * statuses.length)]!;
  return { kind: 'receipt', status, at: at(second), reason: next() < 0.5 ? `reason ${Math.floor(next() * 3)}` : undefined };
}

function shuffled<T>(items: T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('message state: precedence and order independence', () => {
  it('moves PENDING → SENT → DELIVERED and keeps the vendor id and times', () => {
    const state = fold([
      { kind: 'sent', at: at(1), vendorMessageId: 'vm_1' },
      { kind: 'receipt', status: 'DELIVERED', at: at(3) },
    ]);
    expect(state).toEqual({ ...pending, status: 'DELIVERED', sentAt: at(1), deliveredAt: at(3), vendorMessageId: 'vm_1' });
  });

  it('never moves back: a late SENT after DELIVERED changes only what was missing', () => {
    const delivered = fold([{ kind: 'receipt', status: 'DELIVERED', at: at(3), vendorMessageId: 'vm_1' }]);
    const after = mergeMessageChange(delivered, { kind: 'sent', at: at(1), vendorMessageId: 'vm_1' });
    expect(after.status).toBe('DELIVERED');
    expect(after.sentAt).toEqual(at(1));
  });

  it('lets DELIVERED win over FAILED in either order, keeping the failure on record', () => {
    const failed: MessageChange = { kind: 'receipt', status: 'FAILED', at: at(2), reason: 'Handset unreachable' };
    const delivered: MessageChange = { kind: 'receipt', status: 'DELIVERED', at: at(4) };
    const one = fold([failed, delivered]);
    const other = fold([delivered, failed]);
    expect(one.status).toBe('DELIVERED');
    expect(sameState(one, other)).toBe(true);
    expect(one.failureReason).toBe('Handset unreachable');
  });

  it('treats a duplicate receipt as no change', () => {
    const receipt: MessageChange = { kind: 'receipt', status: 'FAILED', at: at(2), reason: 'Mailbox full' };
    const once = fold([receipt]);
    expect(sameState(mergeMessageChange(once, receipt), once)).toBe(true);
  });

  it('keeps a SKIPPED message as it is whatever arrives', () => {
    const skipped: MessageState = { ...pending, status: 'SKIPPED' };
    expect(fold([{ kind: 'receipt', status: 'DELIVERED', at: at(1) }, { kind: 'sent', at: at(0), vendorMessageId: 'x' }], skipped)).toEqual(skipped);
  });

  it('reaches the same state for 2,000 random change lists in any order, and counters add up to the final state', () => {
    const next = random(20261122);
    for (let trial = 0; trial < 2_000; trial += 1) {
      const changes = Array.from({ length: 1 + Math.floor(next() * 6) }, () => randomChange(next));
      const inOrder = fold(changes);
      const reordered = fold(shuffled(changes, next));
      const doubled = fold(shuffled([...changes, ...changes], next));
      expect(sameState(inOrder, reordered), JSON.stringify(changes)).toBe(true);
      expect(sameState(inOrder, doubled), JSON.stringify(changes)).toBe(true);
      // Summing each step's counter delta gives exactly what the final state contributes.
      const total = addCounters(zeroCounters(), counterDelta(null, pending));
      let state = pending;
      for (const change of shuffled(changes, next)) {
        const after = mergeMessageChange(state, change);
        addCounters(total, counterDelta(state, after));
        state = after;
      }
      expect(total).toEqual(contributionOf(state));
    }
  });
});

describe('counter contributions', () => {
  it('counts a refused message as failed but never sent, and a delivered one as sent and delivered', () => {
    expect(contributionOf(fold([{ kind: 'refused', at: at(1), reason: 'Invalid number' }]))).toMatchObject({ audience: 1, sent: 0, failed: 1 });
    expect(contributionOf(fold([{ kind: 'receipt', status: 'DELIVERED', at: at(1) }]))).toMatchObject({ audience: 1, sent: 1, delivered: 1, inFlight: 0 });
    expect(contributionOf(fold([{ kind: 'sent', at: at(1), vendorMessageId: 'vm' }]))).toMatchObject({ audience: 1, sent: 1, inFlight: 1, pending: 0 });
  });
});
