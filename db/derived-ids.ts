import { createHash } from 'node:crypto';
import { Types } from 'mongoose';

/**
 * The document id of a customer, derived from their identity key. Deterministic so that an order can
 * name a customer (`customerId`) that the consumers have not stored yet, and a replayed upsert lands
 * on the same document.
 */
export function customerIdOf(identityKey: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`customer\u0000${identityKey}`).digest('hex').slice(0, 24));
}

/** The document id of an order, derived from its identity key for the same reasons. */
export function orderIdOf(orderKey: string): Types.ObjectId {
  return new Types.ObjectId(createHash('sha256').update(`order\u0000${orderKey}`).digest('hex').slice(0, 24));
}
