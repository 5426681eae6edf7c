import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Models } from '../../db/models.js';
import type { Logger } from '../../observability/logger.js';
import { settleCustomerAggregates } from './customer-aggregates.js';

/** Customers per round: enough to coalesce a burst, few enough that a round holds its locks briefly. */
const customersPerRound = 500;
const idlePollMs = 100;
/** Rounds at once. One: FerretDB serializes writes anyway, and each round holds connections of its pool of 100. */
const concurrentRounds = 1;
const maxFailurePauseMs = 30_000;

/** The aggregator loop of a consumers process. */
export interface RunningAggregator {
  stop(): Promise<void>;
}

/**
 * Keeps customer aggregates up to date in the background: settles marked customers round after round,
 * and polls briefly when none are marked. When orders arrive faster than it settles, more of them
 * fall to each customer per round, so its cost per order drops exactly when load rises. A failed round
 * is retried after a growing pause; its customers stay marked, so nothing is lost.
 */
export function startAggregator(models: Pick<Models, 'customers' | 'customerLedgers'>, redis: Redis, logger: Logger): RunningAggregator {
  const stopping = new AbortController();
  const worker = async (): Promise<void> => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        const settled = await settleCustomerAggregates(models, redis, customersPerRound);
        failures = 0;
        if (settled === 0) await sleep(idlePollMs, undefined, { signal: stopping.signal }).catch(() => {});
      } catch (error) {
        failures += 1;
        const delayMs = Math.min(maxFailurePauseMs, 250 * 2 ** Math.min(failures, 8));
        logger.warn({ err: error, delayMs }, 'customer aggregates round failed; retrying');
        await sleep(delayMs, undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
  };
  // Rounds claim customers at random and lock them, so concurrent rounds rarely overlap and never clash.
  const workers = Array.from({ length: concurrentRounds }, worker);
  return {
    async stop() {
      stopping.abort();
      await Promise.all(workers);
    },
  };
}
