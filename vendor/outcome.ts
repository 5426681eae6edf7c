import { z } from 'zod';
import type { Channel } from '../domain/channels.js';
import type { VendorMessage } from '../domain/vendor-api.js';
import { seededUnit } from './seeded-random.js';

/** How a message ends at the simulated handset or mailbox. */
export type DeliveryOutcome = { status: 'DELIVERED' } | { status: 'FAILED'; reason: string };

// Reasons real providers report, per channel, so demo data reads like the real thing.
const failureReasons: Record<Channel, readonly string[]> = {
  sms: ['Handset unreachable', 'Invalid number', 'Carrier rejected', 'Number opted out'],
  whatsapp: ['Handset unreachable', 'Not a WhatsApp user', 'Carrier rejected', 'Message expired'],
  email: ['Mailbox full', 'Mailbox unavailable', 'Rejected as spam', 'Domain not found'],
};

/** Longest body each channel takes: ten concatenated SMS segments, WhatsApp's limit, a generous e-mail. */
export const maxBodyLength: Record<Channel, number> = { sms: 1_600, whatsapp: 4_096, email: 50_000 };

const e164 = /^\+[1-9]\d{7,14}$/;
const email = z.email();

/**
 * Decides DELIVERED or FAILED from a hash of (seed, messageId) alone, so one seed gives the same
 * outcomes whatever order or batches the messages arrive in.
 */
export function decideOutcome(seed: string, failureRate: number, message: Pick<VendorMessage, 'messageId' | 'channel'>): DeliveryOutcome {
  if (seededUnit(seed, 'outcome', message.messageId) >= failureRate) return { status: 'DELIVERED' };
  const reasons = failureReasons[message.channel];
  const index = Math.floor(seededUnit(seed, 'reason', message.messageId) * reasons.length);
  return { status: 'FAILED', reason: reasons[index] ?? 'Carrier rejected' };
}

/** Why the vendor refuses a message outright (it gets no receipt), or undefined when it can be sent. */
export function rejectionOf(message: VendorMessage): string | undefined {
  if (message.channel === 'email') {
    if (!email.safeParse(message.to).success) return 'to is not an e-mail address';
  } else if (!e164.test(message.to)) {
    return `to is not a phone number in E.164 form (+ and 8 to 15 digits) for ${message.channel}`;
  }
  if (message.body.trim() === '') return 'body is empty';
  const limit = maxBodyLength[message.channel];
  if (message.body.length > limit) return `body is longer than ${limit} characters for ${message.channel}`;
  return undefined;
}
