import { setTimeout as sleep } from 'node:timers/promises';
import { signatureHeaders } from '../http/signed-payload.js';
import type { Logger } from '../observability/logger.js';
import type { Chaos } from './chaos.js';
import type { PendingReceipt, ReceiptQueue } from './receipt-queue.js';
import { shuffleInPlace, type Random } from './seeded-random.js';
import type { VendorCounters } from './stats.js';

// The CRM refuses a signature it has seen (per timestamp second and body): a retry of the same body
// must be signed in a later second, so no retry or follow-up comes sooner than this.
const minRetryDelayMs = 1_000;

export interface ReceiptDispatcherDeps {
  queue: ReceiptQueue;
  counters: VendorCounters;
  chaos: Chaos;
  logger: Logger;
  random: Random;
  /** The CRM's receipts webhook; undefined leaves every receipt pending. */
  receiptUrl: string | undefined;
  /** The current receipts signing secret. */
  secret: string;
  /** Receipts per request (at most the CRM's 1,000). */
  batchSize: number;
  /** The configured receipt delay; follow-ups (duplicates, finals after a contradiction) wait at least this. */
  receiptDelayMs: number;
  /** Batches on the wire at once. */
  maxInFlight?: number;
  requestTimeoutMs?: number;
  /** Backoff between attempts of one batch: doubles from `initialMs` (never below 1 s) up to `maxMs`, plus up to 25 % jitter. */
  backoff?: { initialMs: number; maxMs: number };
  /** How often due receipts are looked for. */
  tickMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Sends due receipts in signed batches until the CRM accepts each. */
export interface ReceiptDispatcher {
  start(): void;
  /** Stops taking new batches, ends backoff waits, and waits for requests on the wire. */
  stop(): Promise<void>;
}

/** The receipt dispatcher: a loop taking due receipts off the queue into a bounded number of batch senders. */
export function createReceiptDispatcher(deps: ReceiptDispatcherDeps): ReceiptDispatcher {
  const { queue, counters, chaos, logger, receiptUrl } = deps;
  const now = deps.now ?? Date.now;
  const fetchImpl = deps.fetch ?? fetch;
  const maxInFlight = deps.maxInFlight ?? 4;
  const requestTimeoutMs = deps.requestTimeoutMs ?? 10_000;
  const backoff = deps.backoff ?? { initialMs: 1_000, maxMs: 30_000 };
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;

  const pause = (ms: number): Promise<void> => sleep(ms, undefined, { signal: stopping.signal }).catch(() => undefined);

  const pump = (): void => {
    if (stopping.signal.aborted || receiptUrl === undefined || chaos.outageRemainingMs() > 0) return;
    while (inFlight.size < maxInFlight) {
      const batch = queue.takeDue(now(), deps.batchSize);
      if (batch.length === 0) return;
      if (chaos.settings().outOfOrder) shuffleInPlace(batch, deps.random);
      const task: Promise<void> = deliver(receiptUrl, batch).finally(() => {
        inFlight.delete(task);
        pump();
      });
      inFlight.add(task);
    }
  };

  const deliver = async (url: string, batch: PendingReceipt[]): Promise<void> => {
    const body = JSON.stringify({ receipts: batch.map((pending) => pending.receipt) });
    for (let attempt = 0; ; attempt += 1) {
      for (let outage = chaos.outageRemainingMs(); outage > 0 && !stopping.signal.aborted; outage = chaos.outageRemainingMs()) {
        // In slices, so an outage cut short at runtime ends the wait soon.
        await pause(Math.min(outage, 1_000));
      }
      if (stopping.signal.aborted) return;
      const failure = await post(url, body);
      if (failure === undefined) {
        accepted(batch);
        return;
      }
      counters.failedAttempts += 1;
      const delayMs = retryDelayMs(attempt);
      logger.warn({ failure, attempt: attempt + 1, receipts: batch.length, retryInMs: delayMs }, 'receipt batch not accepted; retrying');
      await pause(delayMs);
    }
  };

  // Re-signed on every attempt: the CRM would refuse a signature it has already seen.
  const post = async (url: string, body: string): Promise<string | undefined> => {
    const headers = { 'content-type': 'application/json', ...signatureHeaders(deps.secret, body, now()) };
    try {
      const response = await fetchImpl(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(requestTimeoutMs) });
      await response.arrayBuffer().catch(() => undefined);
      return response.ok ? undefined : `status ${response.status}`;
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  };

  const accepted = (batch: PendingReceipt[]): void => {
    counters.batchesSent += 1;
    counters.receiptsSent += batch.length;
    counters.receiptsPending -= batch.length;
    for (const pending of batch) {
      if (pending.kind === 'duplicate') counters.duplicatesSent += 1;
      if (pending.kind === 'contradiction') counters.contradictionsSent += 1;
      if (pending.followUp) queue.push({ ...pending.followUp, dueAt: now() + followUpDelayMs() });
    }
  };

  const retryDelayMs = (attempt: number): number => {
    const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** attempt);
    return Math.max(minRetryDelayMs, Math.round(base * (1 + deps.random() * 0.25)));
  };
  const followUpDelayMs = (): number => Math.round(Math.max(minRetryDelayMs, deps.receiptDelayMs) * (1 + deps.random() * 0.5));

  return {
    start: () => {
      if (receiptUrl === undefined) {
        logger.warn('VENDOR_RECEIPT_URL is not set: delivery receipts stay pending (GET /v1/stats counts them)');
        return;
      }
      timer = setInterval(pump, deps.tickMs ?? 50);
    },
    stop: async () => {
      stopping.abort();
      clearInterval(timer);
      await Promise.all(inFlight);
      if (counters.receiptsPending > 0) {
        logger.info({ pending: counters.receiptsPending }, 'receipts still pending are dropped: the simulator keeps them in memory only');
      }
    },
  };
}
