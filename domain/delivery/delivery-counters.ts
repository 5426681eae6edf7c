import { z } from 'zod';
import type { MessageStatus } from './message-status.js';

/** What is counted per campaign and per message node. */
export const counterNames = ['audience', 'pending', 'inFlight', 'sent', 'delivered', 'failed', 'skipped'] as const;
export type CounterName = (typeof counterNames)[number];

/**
 * audience: messages recorded (one per recipient of a message node); pending: not yet handed to the
 * vendor; inFlight: accepted by the vendor, awaiting a receipt; sent: ever accepted by the vendor;
 * delivered / failed / skipped: by final outcome. So audience = pending + inFlight + delivered + failed + skipped.
 */
export const deliveryCountersSchema = z.object(
  Object.fromEntries(counterNames.map((name) => [name, z.number().int()])) as Record<CounterName, z.ZodNumber>,
);
export type DeliveryCounters = Record<CounterName, number>;

/** All counters at zero. */
export function zeroCounters(): DeliveryCounters {
  return { audience: 0, pending: 0, inFlight: 0, sent: 0, delivered: 0, failed: 0, skipped: 0 };
}

/** The part of a message that decides what it adds to the counters. */
export interface CountedFacts {
  status: MessageStatus;
  /** Set once the vendor accepted the message (a failure the vendor refused outright never was). */
  sentAt: Date | null;
}

/** What one message in this state adds to its campaign's counters. */
export function contributionOf(message: CountedFacts | null): DeliveryCounters {
  const counters = zeroCounters();
  if (!message) return counters;
  counters.audience = 1;
  if (message.sentAt) counters.sent = 1;
  if (message.status === 'PENDING') counters.pending = 1;
  else if (message.status === 'SENT') counters.inFlight = 1;
  else if (message.status === 'DELIVERED') counters.delivered = 1;
  else if (message.status === 'FAILED') counters.failed = 1;
  else counters.skipped = 1;
  return counters;
}

/** How the counters change when a message goes from one state to another (null: not recorded). */
export function counterDelta(from: CountedFacts | null, to: CountedFacts | null): DeliveryCounters {
  return subtractCounters(contributionOf(to), contributionOf(from));
}

/** Adds `more` into `into`, in place, and returns `into`. */
export function addCounters(into: DeliveryCounters, more: Partial<DeliveryCounters>): DeliveryCounters {
  for (const name of counterNames) into[name] += more[name] ?? 0;
  return into;
}

/** `a - b`, counter by counter, as a new set. */
export function subtractCounters(a: DeliveryCounters, b: DeliveryCounters): DeliveryCounters {
  const difference = zeroCounters();
  for (const name of counterNames) difference[name] = a[name] - b[name];
  return difference;
}
