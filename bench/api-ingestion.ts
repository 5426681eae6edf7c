// Sends the demo data through the real ingestion API the way an integrator does (bulk POSTs, a few in
// flight, customers before orders) and watches the ingestions until the consumers have persisted them.

import { setTimeout as sleep } from 'node:timers/promises';
import type { IngestClient } from '../cli/ingest-client.js';
import type { DemoData } from '../domain/demo/demo-data.js';

type Kind = 'customers' | 'orders';

/** How to send and how patiently to wait. */
export interface ApiIngestionOptions {
  client: IngestClient;
  data: DemoData;
  batchSize: number;
  inFlight: number;
  /** Send orders only once every customer is persisted (as `drumbeat seed` does), so none has to wait for its customer. */
  ordersAfterCustomers: boolean;
  signal: AbortSignal;
  /** Fails the run when the consumers are gone (they would never finish). */
  consumersAlive: () => boolean;
  progress: (message: string) => void;
  pollIntervalMs?: number;
  /** Give up when no ingestion finishes for this long. */
  stallTimeoutMs?: number;
}

/** What happened to one kind of record; times are milliseconds from the first request. */
export interface KindOutcome {
  records: number;
  requests: number;
  accepted: number;
  rejected: number;
  persisted: number;
  deadLettered: number;
  /** When the first request of this kind was sent. */
  sendStartMs: number;
  /** When the last 202 of this kind arrived. */
  acceptedAtMs: number;
  /** When the last ingestion of this kind was seen done. */
  doneAtMs: number;
  /** Time spent generating this kind's records inside the send loop (included in the API times). */
  generationMs: number;
}

/** Per kind, and when the customer aggregates had caught up with every order (ms from the first request). */
export type ApiIngestionOutcome = Record<Kind, KindOutcome> & { aggregatesSettledAtMs: number };

interface Pending {
  ingestionId: string;
  kind: Kind;
}

/** Sends customers, then orders, while polling the ingestions in order; resolves once every one is done. */
export async function ingestThroughApi(options: ApiIngestionOptions): Promise<ApiIngestionOutcome> {
  const startedAt = performance.now();
  const elapsedMs = (): number => performance.now() - startedAt;
  const outcome: ApiIngestionOutcome = { customers: emptyOutcome(), orders: emptyOutcome(), aggregatesSettledAtMs: 0 };
  const pending: Pending[] = [];
  const sending = { done: false, failed: false };

  const polling = watchIngestions(options, pending, outcome, sending, elapsedMs);
  let pollingFailure: Error | undefined;
  // Handled now so a poll failure during sending is not reported as unhandled; it is awaited below.
  polling.catch((error: unknown) => {
    pollingFailure = error instanceof Error ? error : new Error(String(error));
  });
  try {
    for (const [kind, records] of [['customers', options.data.customers()], ['orders', options.data.orders()]] as const) {
      if (kind === 'orders' && options.ordersAfterCustomers) {
        while (pending.some((entry) => entry.kind === 'customers')) {
          if (pollingFailure !== undefined) throw pollingFailure;
          await sleep(options.pollIntervalMs ?? 250, undefined, { signal: options.signal });
        }
      }
      outcome[kind].sendStartMs = elapsedMs();
      await sendKind(kind, records, options, outcome[kind], pending, elapsedMs);
      options.progress(`${kind}: ${outcome[kind].accepted} accepted at the API after ${(elapsedMs() / 1000).toFixed(1)} s`);
    }
  } catch (error) {
    sending.failed = true;
    throw error;
  } finally {
    sending.done = true;
  }
  await polling;
  return outcome;
}

function emptyOutcome(): KindOutcome {
  return { records: 0, requests: 0, accepted: 0, rejected: 0, persisted: 0, deadLettered: 0, sendStartMs: 0, acceptedAtMs: 0, doneAtMs: 0, generationMs: 0 };
}

/** POSTs one kind's records in batches cut on demand from the generator, `inFlight` requests at a time. */
async function sendKind(kind: Kind, records: Iterator<unknown>, options: ApiIngestionOptions, outcome: KindOutcome, pending: Pending[], elapsedMs: () => number): Promise<void> {
  let failed = false;
  const nextBatch = (): unknown[] => {
    const batch: unknown[] = [];
    if (failed) return batch;
    const generatingFrom = performance.now();
    for (let next = records.next(); !next.done; next = records.next()) {
      batch.push(next.value);
      if (batch.length === options.batchSize) break;
    }
    outcome.generationMs += performance.now() - generatingFrom;
    return batch;
  };
  const lane = async (): Promise<void> => {
    try {
      for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
        const answer = await options.client.post(kind, batch);
        pending.push({ ingestionId: answer.ingestionId, kind });
        outcome.records += batch.length;
        outcome.requests += 1;
        outcome.accepted += answer.accepted;
        outcome.rejected += answer.rejected.length;
        outcome.acceptedAtMs = elapsedMs();
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: options.inFlight }, lane));
  const failure = lanes.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

/**
 * Polls the oldest unfinished ingestion until it is done, then the next: one GET per poll, so
 * watching does not compete with the consumers for the database. Ends when sending is over and
 * nothing is pending.
 */
async function watchIngestions(
  options: ApiIngestionOptions,
  pending: Pending[],
  outcome: ApiIngestionOutcome,
  sending: { done: boolean; failed: boolean },
  elapsedMs: () => number,
): Promise<void> {
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const stallTimeoutMs = options.stallTimeoutMs ?? 600_000;
  let lastMovedMs = elapsedMs();
  let lastReportMs = 0;
  let lastDone: string | undefined;
  for (;;) {
    for (let head = pending[0]; head; head = pending[0]) {
      const status = await options.client.status(head.ingestionId);
      if (!status.done) break;
      pending.shift();
      lastDone = head.ingestionId;
      const kind = outcome[head.kind];
      kind.persisted += status.persisted;
      kind.deadLettered += status.deadLettered;
      kind.doneAtMs = elapsedMs();
      lastMovedMs = kind.doneAtMs;
    }
    if (sending.failed) return;
    if (sending.done && pending.length === 0) {
      // Records are persisted; end to end also means every customer's aggregates reflect them.
      const awaiting = lastDone ? (await options.client.status(lastDone)).customersAwaitingAggregates : 0;
      if (awaiting === 0) {
        outcome.aggregatesSettledAtMs = elapsedMs();
        return;
      }
      lastMovedMs = Math.max(lastMovedMs, elapsedMs() - stallTimeoutMs / 2);
    }
    if (!options.consumersAlive()) throw new Error('the consumers process exited while ingestions were unfinished');
    if (elapsedMs() - lastMovedMs > stallTimeoutMs) {
      throw new Error(`no ingestion finished for ${Math.round(stallTimeoutMs / 1000)} s (${pending.length} unfinished)`);
    }
    if (elapsedMs() - lastReportMs >= 10_000) {
      lastReportMs = elapsedMs();
      const persisted = outcome.customers.persisted + outcome.orders.persisted;
      options.progress(`${(lastReportMs / 1000).toFixed(0)} s: ${pending.length} ingestions unfinished; ${persisted} records in the finished ones`);
    }
    await sleep(pollIntervalMs, undefined, { signal: options.signal });
  }
}
