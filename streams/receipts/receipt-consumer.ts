import type { Redis } from 'ioredis';
import { applyMessageUpdates, type DeliveryStore } from '../../delivery/apply-message-updates.js';
import { deliveryReceiptSchema, receiptsStream, type DeliveryReceipt } from '../../domain/receipts.js';
import type { Logger } from '../../observability/logger.js';
import type { StreamConsumer } from '../consumer-runner.js';

/** Redis hash of receipt counts the metrics route reports (`unknown`: receipts for ids Drumbeat never sent). */
export const receiptStatsKey = 'receipts:stats';

/**
 * Applies delivery receipts in batches: every receipt of a batch becomes a message update, and
 * `applyMessageUpdates` writes each touched counter shard once (one journalled counter update and one
 * bulk write of messages per round). Idempotent: a replayed receipt finds its message already in that
 * state and counts nothing. Receipts for unknown ids are counted and logged, not retried: no message
 * will ever appear for them, because every message is recorded before it is sent.
 */
export function receiptConsumer(store: DeliveryStore, redis: Redis, logger: Logger): StreamConsumer<DeliveryReceipt> {
  return {
    stream: receiptsStream,
    group: 'drumbeat-receipts',
    schema: deliveryReceiptSchema,
    async handle(batch) {
      const outcome = await applyMessageUpdates(
        store,
        batch.map(({ value }) => ({
          messageId: value.messageId,
          change: { kind: 'receipt', status: value.status, at: new Date(value.at), reason: value.reason, vendorMessageId: value.vendorMessageId },
        })),
      );
      if (outcome.unknown.length > 0) {
        await redis.hincrby(receiptStatsKey, 'unknown', outcome.unknown.length);
        logger.warn({ count: outcome.unknown.length, sample: outcome.unknown.slice(0, 5) }, 'receipts for unknown message ids ignored');
      }
    },
  };
}
