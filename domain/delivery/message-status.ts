import { z } from 'zod';

/**
 * Where a message stands. PENDING: recorded, not yet handed to the vendor. SENT: the vendor accepted
 * it. DELIVERED / FAILED: the vendor's receipt said so (FAILED also when the vendor refused it at
 * once). SKIPPED: never sent, for a reason (no phone number for an SMS, say).
 */
export const messageStatuses = ['PENDING', 'SENT', 'DELIVERED', 'FAILED', 'SKIPPED'] as const;
export const messageStatusSchema = z.enum(messageStatuses);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/**
 * Precedence: a message only ever moves to a higher rank, so a late or duplicated receipt cannot move
 * it backwards. DELIVERED outranks FAILED because a handset's acknowledgement is the stronger evidence:
 * vendors report a temporary failure and then a delivery on a later attempt, never the reverse.
 * SKIPPED is final: a skipped message was never sent, so nothing can report on it.
 */
export const statusRank: Record<MessageStatus, number> = {
  PENDING: 0,
  SENT: 1,
  FAILED: 2,
  DELIVERED: 3,
  SKIPPED: 4,
};
