/**
 * Which message ids the vendor has accepted, and the vendor id it gave each. The simulator keeps
 * this in memory only: a restarted vendor forgets it, and would deliver a re-sent id again.
 */
export interface MessageStore {
  /** The vendor id given to this message id, if it was accepted before. */
  vendorIdOf(messageId: string): string | undefined;
  remember(messageId: string, vendorMessageId: string): void;
  size(): number;
}

/** An in-memory message store. */
export function createMessageStore(): MessageStore {
  const vendorIds = new Map<string, string>();
  return {
    vendorIdOf: (messageId) => vendorIds.get(messageId),
    remember: (messageId, vendorMessageId) => {
      vendorIds.set(messageId, vendorMessageId);
    },
    size: () => vendorIds.size,
  };
}
