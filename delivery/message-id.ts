import { createHash } from 'node:crypto';

/**
 * The message id of one recipient of one message node: `<campaignId>:<24 hex>`, the hex part a hash
 * of campaign, node and customer. Deterministic, so a retried send reuses the id and the vendor's
 * deduplication and our unique `_id` keep it one message; the campaign prefix lets a receipt, which
 * carries only the id, be routed to its campaign without a lookup.
 */
export function messageIdOf(campaignId: string, nodeId: string, customerId: string): string {
  const hash = createHash('sha256').update(`${campaignId}\u0000${nodeId}\u0000${customerId}`).digest('hex');
  return `${campaignId}:${hash.slice(0, 24)}`;
}

/** Counter shards per campaign: receipts and sends of one campaign proceed in this many lanes at once. */
export const counterShards = 4;

/** The counter shard of a message, from its hash (spread evenly, fixed for the message's life). */
export function counterShardOf(messageId: string): number {
  return Number.parseInt(messageId.slice(-4), 16) % counterShards;
}
