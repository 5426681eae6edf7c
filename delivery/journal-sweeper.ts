import type { DeliveryCountersDocument } from '../db/models/delivery-counters.js';
import type { Logger } from '../observability/logger.js';
import { LockBusyError, withLock } from '../streams/redis-locks.js';
import { shardLockOf, shardLockTtlMs, type DeliveryStore } from './apply-message-updates.js';
import { finishJournal } from './journal.js';

/**
 * Finishes journal rounds that writers died in the middle of, on shards no new round comes to (the
 * next round on a shard finishes them itself). Under the shard's lock, a round still in the journal
 * belongs to a writer that no longer holds the lock: it died, or its lock ran out.
 */
export async function sweepJournals(store: DeliveryStore): Promise<number> {
  const shards = (await store.models.deliveryCounters.collection
    .find({}, { projection: { _id: 1, journal: 1 } })
    .toArray()) as unknown as Array<Pick<DeliveryCountersDocument, '_id' | 'journal'>>;
  let finished = 0;
  for (const shard of shards) {
    if (Object.keys(shard.journal ?? {}).length === 0) continue;
    try {
      finished += await withLock(store.redis, shardLockOf(shard._id), { ttlMs: shardLockTtlMs, waitMs: 1_000 }, () =>
        finishJournal(store.models, shard._id),
      );
    } catch (error) {
      // A live writer holds it and will finish the journal itself.
      if (!(error instanceof LockBusyError)) throw error;
    }
  }
  return finished;
}

/** Sweeps every `intervalMs` until stopped. */
export function startJournalSweeper(store: DeliveryStore, logger: Logger, intervalMs = 30_000): { stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    running = sweepJournals(store)
      .then((finished) => {
        if (finished > 0) logger.warn({ finished }, 'finished message writes a stopped writer left in the journal');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'journal sweep failed; will try again'));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
