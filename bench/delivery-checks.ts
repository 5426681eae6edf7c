// Proof that the end-to-end run did the work it is timed for, exactly: every message recorded, sent
// and settled once, the counters agreeing with the vendor's decisions and with the log itself, and no
// journal round left open. A run that fails a check is a failed run, not a slow one.

import type { Redis } from 'ioredis';
import type { Models } from '../db/models.js';
import { receiptStatsKey } from '../streams/receipts/receipt-consumer.js';
import { openJournalRounds, type EndToEndTiming } from './delivery-run.js';

/** The figures the checks compare, and the checks that failed (none in a good run). */
export interface DeliveryChecks {
  messages: number;
  counters: { audience: number; sent: number; delivered: number; failed: number; skipped: number };
  vendor: { uniqueMessages: number; delivered: number; failed: number; rejected: number; duplicatesSeen: number; receiptAttemptsFailed: number };
  log: { total: number; delivered: number; failed: number };
  send: { recorded: number; accepted: number; refused: number; skipped: number; alreadySent: number };
  openJournalRounds: number;
  unknownReceipts: number;
  failed: string[];
}

/** Reads the log, the journal and the receipt stats after the run and compares everything. */
export async function checkDelivery(options: {
  models: Pick<Models, 'communicationLog' | 'deliveryCounters'>;
  /** With the run's key prefix, as the consumers use it. */
  redis: Redis;
  campaignId: string;
  messages: number;
  run: EndToEndTiming;
}): Promise<DeliveryChecks> {
  const { models, campaignId, messages, run } = options;
  const log = models.communicationLog;
  const [total, delivered, failed, openRounds, unknown] = await Promise.all([
    log.countDocuments({ campaignId }),
    log.countDocuments({ campaignId, status: 'DELIVERED' }),
    log.countDocuments({ campaignId, status: 'FAILED' }),
    openJournalRounds(models),
    options.redis.hget(receiptStatsKey, 'unknown'),
  ]);
  const totals = run.counters.totals;
  const stats = run.vendorStats;
  const checks: DeliveryChecks = {
    messages,
    counters: { audience: totals.audience, sent: totals.sent, delivered: totals.delivered, failed: totals.failed, skipped: totals.skipped },
    vendor: {
      uniqueMessages: stats.uniqueMessages,
      delivered: stats.delivered,
      failed: stats.failed,
      rejected: stats.rejected,
      duplicatesSeen: stats.duplicatesSeen,
      receiptAttemptsFailed: stats.receipts.failedAttempts,
    },
    log: { total, delivered, failed },
    send: { ...run.sendOutcome },
    openJournalRounds: openRounds,
    unknownReceipts: Number(unknown ?? 0),
    failed: [],
  };
  const expect = (what: string, actual: number, expected: number): void => {
    if (actual !== expected) checks.failed.push(`${what}: ${actual}, expected ${expected}`);
  };
  expect('messages recorded by sendMessageBatch', run.sendOutcome.recorded, messages);
  expect('messages the vendor accepted from sendMessageBatch', run.sendOutcome.accepted, messages);
  expect('counters: audience', totals.audience, messages);
  expect('counters: sent', totals.sent, messages);
  expect('counters: delivered + failed', totals.delivered + totals.failed, messages);
  expect("counters: delivered, against the vendor's", totals.delivered, stats.delivered);
  expect("counters: failed, against the vendor's", totals.failed, stats.failed);
  expect('vendor: unique messages', stats.uniqueMessages, messages);
  expect('communication log: messages', total, messages);
  expect('communication log: DELIVERED, against the counters', delivered, totals.delivered);
  expect('communication log: FAILED, against the counters', failed, totals.failed);
  expect('open journal rounds', checks.openJournalRounds, 0);
  expect('receipts for unknown message ids', checks.unknownReceipts, 0);
  return checks;
}
