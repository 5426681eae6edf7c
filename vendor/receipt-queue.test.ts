import { describe, expect, it } from 'vitest';
import { createChaos } from './chaos.js';
import { createReceiptQueue } from './receipt-queue.js';
import { seededRandom, shuffleInPlace } from './seeded-random.js';

const receiptAt = (dueAt: number) => ({
  dueAt,
  kind: 'final' as const,
  receipt: { messageId: `m-${dueAt}`, status: 'DELIVERED' as const, at: new Date(dueAt).toISOString() },
});

describe('receipt queue', () => {
  it('hands out only due receipts, earliest first, at most the number asked for', () => {
    const queue = createReceiptQueue();
    const dueTimes = shuffleInPlace(Array.from({ length: 500 }, (_, index) => index * 10), seededRandom('queue'));
    for (const dueAt of dueTimes) queue.push(receiptAt(dueAt));
    expect(queue.takeDue(-1, 100)).toEqual([]);
    const first = queue.takeDue(995, 60).map((pending) => pending.dueAt);
    expect(first).toEqual(Array.from({ length: 60 }, (_, index) => index * 10));
    const rest = queue.takeDue(995, 1_000).map((pending) => pending.dueAt);
    expect(rest).toEqual(Array.from({ length: 40 }, (_, index) => 600 + index * 10));
    expect(queue.size()).toBe(400);
    expect(queue.nextDueAt()).toBe(1_000);
  });
});

describe('chaos settings', () => {
  it('keeps an outage window in time: upcoming, then active, then over', () => {
    let now = 10_000;
    const chaos = createChaos({ transientErrorRate: 0, latencyMs: 0, duplicateReceiptRate: 0, outOfOrder: false, outage: null }, () => now);
    expect(chaos.update({ outage: { startsInMs: 1_000, durationMs: 2_000 } }).outage).toEqual({ startsInMs: 1_000, durationMs: 2_000 });
    expect(chaos.outageRemainingMs()).toBe(0);
    now += 1_500;
    expect(chaos.outageRemainingMs()).toBe(1_500);
    expect(chaos.settings().outage).toEqual({ startsInMs: 0, durationMs: 1_500 });
    now += 1_500;
    expect(chaos.outageRemainingMs()).toBe(0);
    expect(chaos.settings().outage).toBeNull();
  });

  it('changes only the settings given', () => {
    const chaos = createChaos({ transientErrorRate: 0.2, latencyMs: 5, duplicateReceiptRate: 0, outOfOrder: false, outage: null });
    expect(chaos.update({ outOfOrder: true })).toEqual({ transientErrorRate: 0.2, latencyMs: 5, duplicateReceiptRate: 0, outOfOrder: true, outage: null });
  });
});
