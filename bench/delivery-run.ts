// The end-to-end run of the delivery benchmark: pages of recipients through `sendMessageBatch` (record,
// send to the vendor under the shard locks, store SENT), a few pages at a time, while the vendor's
// signed receipts come back through the API's receipt route and the receipts stream to the consumers;
// then a watch on the campaign's counters and the vendor's stats until every receipt is applied.

import { setTimeout as sleep } from 'node:timers/promises';
import type { DeliveryCountersDocument } from '../db/models/delivery-counters.js';
import type { Models } from '../db/models.js';
import type { DeliveryStore } from '../delivery/apply-message-updates.js';
import { readCampaignCounters, type CampaignCounters } from '../delivery/campaign-counters.js';
import { sendMessageBatch, type MessageNodeSend, type Recipient, type SendBatchOutcome } from '../delivery/send-batch.js';
import type { DeliveryCounters } from '../domain/delivery/delivery-counters.js';
import type { VendorStats } from '../domain/vendor-api.js';
import type { BenchVendor } from './delivery-vendor.js';

/** What the end-to-end run needs. */
export interface EndToEndOptions {
  store: DeliveryStore;
  /** The counters are read through this connection (the sender's, or any other on the database). */
  models: Pick<Models, 'deliveryCounters'>;
  vendor: BenchVendor;
  node: MessageNodeSend;
  pages: Iterator<Recipient[]>;
  parallel: number;
  signal: AbortSignal;
  /** Fails the run when the consumers are gone (the receipts would never be applied). */
  consumersAlive: () => boolean;
  progress: (message: string) => void;
  pollIntervalMs?: number;
  /** Give up when no receipt is applied for this long. */
  stallTimeoutMs?: number;
}

/** Seconds from the first send; the counters and the vendor's stats once everything was applied. */
export interface EndToEndTiming {
  pages: number;
  sendOutcome: SendTotals;
  /** Until the last `sendMessageBatch` returned. */
  sendSeconds: number;
  /** Receipts already applied when sending ended (they are applied while sending goes on). */
  receiptsAppliedWhileSending: number;
  /** Until the counters showed every receipt applied and the vendor had none left to send. */
  totalSeconds: number;
  counters: CampaignCounters;
  vendorStats: VendorStats;
}

/** What the pages' sends did, summed. */
export type SendTotals = Omit<SendBatchOutcome, 'acceptedMessages'>;

/** Sends every page, then waits until the campaign has settled; throws if it stalls or the consumers die. */
export async function runEndToEnd(options: EndToEndOptions): Promise<EndToEndTiming> {
  const startedAt = performance.now();
  const elapsedSeconds = (): number => (performance.now() - startedAt) / 1000;
  const { pages, sendOutcome } = await sendAllPages(options, elapsedSeconds);
  const sendSeconds = elapsedSeconds();
  const atSendEnd = await readCampaignCounters(options.models, options.node.campaignId);
  options.progress(`sent ${sendOutcome.accepted.toLocaleString('en-US')} messages in ${sendSeconds.toFixed(1)} s; waiting for the receipts`);
  const { counters, vendorStats } = await waitUntilSettled(options, sendOutcome.accepted, elapsedSeconds);
  return {
    pages,
    sendOutcome,
    sendSeconds,
    receiptsAppliedWhileSending: atSendEnd ? atSendEnd.totals.delivered + atSendEnd.totals.failed : 0,
    totalSeconds: elapsedSeconds(),
    counters,
    vendorStats,
  };
}

/** `parallel` lanes, each taking the next page and sending it; the first failure stops them all. */
async function sendAllPages(options: EndToEndOptions, elapsedSeconds: () => number): Promise<{ pages: number; sendOutcome: SendTotals }> {
  const vendor = options.vendor.client();
  const total: SendTotals = { recorded: 0, skipped: 0, accepted: 0, refused: 0, alreadySent: 0 };
  let pages = 0;
  let failed = false;
  let reportedAt = 0;
  const lane = async (): Promise<void> => {
    try {
      for (let next = options.pages.next(); !next.done && !failed; next = options.pages.next()) {
        options.signal.throwIfAborted();
        const outcome = await sendMessageBatch({ store: options.store, vendor }, options.node, next.value);
        for (const key of Object.keys(total) as Array<keyof SendTotals>) total[key] += outcome[key];
        pages += 1;
        if (elapsedSeconds() - reportedAt >= 10) {
          reportedAt = elapsedSeconds();
          options.progress(`${reportedAt.toFixed(0)} s: ${total.accepted.toLocaleString('en-US')} messages sent (${pages} pages)`);
        }
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: options.parallel }, lane));
  const failure = lanes.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return { pages, sendOutcome: total };
}

/**
 * Polls the campaign's counters (a few shard documents by id) and the vendor's stats until nothing
 * is pending or in flight, every sent message has its outcome, the vendor has no receipt left, and no
 * journal round is open: a round adds its counter changes before it stores its message writes, so
 * settled counters alone do not mean the last receipts are in the log yet.
 */
async function waitUntilSettled(options: EndToEndOptions, sent: number, elapsedSeconds: () => number): Promise<{ counters: CampaignCounters; vendorStats: VendorStats }> {
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const stallTimeoutMs = options.stallTimeoutMs ?? 180_000;
  let applied = -1;
  let movedAt = performance.now();
  let reportedAt = elapsedSeconds();
  for (;;) {
    const [counters, vendorStats] = await Promise.all([readCampaignCounters(options.models, options.node.campaignId), options.vendor.stats()]);
    const totals = counters?.totals;
    if (counters && totals && settled(totals) && vendorStats.receipts.pending === 0 && (await openJournalRounds(options.models)) === 0) {
      return { counters, vendorStats };
    }
    const nowApplied = totals ? totals.delivered + totals.failed : 0;
    if (nowApplied !== applied) {
      applied = nowApplied;
      movedAt = performance.now();
    }
    if (!options.consumersAlive()) throw new Error('the consumers process exited before every receipt was applied');
    if (performance.now() - movedAt > stallTimeoutMs) {
      throw new Error(`no receipt applied for ${stallTimeoutMs / 1000} s: ${JSON.stringify({ totals, vendorReceipts: vendorStats.receipts })}`);
    }
    if (elapsedSeconds() - reportedAt >= 10) {
      reportedAt = elapsedSeconds();
      options.progress(
        `${reportedAt.toFixed(0)} s: ${applied.toLocaleString('en-US')} of ${sent.toLocaleString('en-US')} receipts applied; ` +
          `${vendorStats.receipts.pending.toLocaleString('en-US')} still at the vendor`,
      );
    }
    await sleep(pollIntervalMs, undefined, { signal: options.signal });
  }
}

/** Every recorded message has its outcome (whether the numbers are the right ones is for the checks). */
function settled(totals: DeliveryCounters): boolean {
  return totals.pending === 0 && totals.inFlight === 0 && totals.delivered + totals.failed === totals.sent;
}

/** Journal rounds whose message writes are not all stored yet, over every counter shard in the database. */
export async function openJournalRounds(models: Pick<Models, 'deliveryCounters'>): Promise<number> {
  const shards = (await models.deliveryCounters.collection.find({}, { projection: { journal: 1 } }).toArray()) as unknown as Array<
    Pick<DeliveryCountersDocument, 'journal'>
  >;
  return shards.reduce((sum, shard) => sum + Object.keys(shard.journal ?? {}).length, 0);
}
