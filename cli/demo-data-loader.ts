// Loads the demo data set through the real ingestion API, the way an integrator would: with an API key
// (a temporary one, made and revoked here), in bulk requests, honouring back-pressure, and waiting until
// the consumers have persisted every record.

import { setTimeout as sleep } from 'node:timers/promises';
import type { Models } from '../db/models.js';
import { createDemoData } from '../domain/demo/demo-data.js';
import type { AuditActor } from '../domain/auth/schemas.js';
import { createApiKeyService } from '../api/api-keys/api-key-service.js';
import { createAuditLog, localOrigin } from '../api/audit/audit-log.js';
import { createIngestClient, type IngestClient } from './ingest-client.js';

/** What to load: the same seed always gives the same records, so loading twice updates rather than adds. */
export interface DemoLoad {
  seed: number;
  customers: number;
  orders: number;
  /** The demo data's "now" (sign-ups and orders reach back from it); default the current time. */
  now?: Date;
}

/** Where to load it and with what; everything a test may swap is here. */
export interface DemoLoaderDeps {
  apiUrl: string;
  /** The temporary API key is created and revoked here, and audited. */
  models: Pick<Models, 'apiKeys' | 'auditEvents'>;
  fetch?: typeof fetch;
  /** Stops sending and waiting; the temporary key is still revoked. */
  signal?: AbortSignal;
  onProgress?: (progress: DemoLoadProgress) => void;
  /** Records per request (the API takes up to 10,000). */
  batchSize?: number;
  /** Requests in flight at once. */
  inFlight?: number;
  pollIntervalMs?: number;
  /** Give up when the consumers persist nothing for this long (they report per batch of up to 5,000 records, which FerretDB can take minutes over). */
  stallTimeoutMs?: number;
}

/** How far one kind of record got. */
export interface KindProgress {
  total: number;
  sent: number;
  accepted: number;
  rejected: number;
  persisted: number;
  deadLettered: number;
}

/** How far the load got; `phase` names the kind being sent or awaited. */
export interface DemoLoadProgress {
  phase: 'customers' | 'orders' | 'done';
  customers: KindProgress;
  orders: KindProgress;
}

/** The outcome of a completed load. */
export interface DemoLoadSummary extends DemoLoadProgress {
  elapsedMs: number;
  /** The temporary key's id (revoked by now). */
  apiKeyId: string;
}

type Kind = 'customers' | 'orders';

/** Who the audit log says created and revoked the temporary key. */
export const seedActor: AuditActor = { type: 'system', id: null, label: 'cli:seed' };

const temporaryKeyLifetimeMs = 24 * 3_600_000;

/**
 * Generates the demo data and pushes it through the ingestion API: customers, then orders, each kind
 * sent in bulk and awaited until persisted, under a temporary `ingest` key that is revoked at the end,
 * whether the load succeeded, failed or was aborted.
 */
export async function loadDemoData(load: DemoLoad, deps: DemoLoaderDeps): Promise<DemoLoadSummary> {
  const startedAt = Date.now();
  const data = createDemoData({ seed: load.seed, customers: load.customers, orders: load.orders, now: load.now ?? new Date() });
  const keys = createApiKeyService(deps.models.apiKeys, createAuditLog(deps.models.auditEvents));
  deps.signal?.throwIfAborted();
  // The expiry is a safety net for a process killed before it could revoke.
  const expiresAt = new Date(Date.now() + temporaryKeyLifetimeMs).toISOString();
  const { apiKey, key } = await keys.create({ name: 'demo data (drumbeat seed)', scopes: ['ingest'], expiresAt }, seedActor, localOrigin);
  try {
    const client = createIngestClient({ apiUrl: deps.apiUrl, apiKey: key, ...(deps.fetch ? { fetch: deps.fetch } : {}), ...(deps.signal ? { signal: deps.signal } : {}) });
    const progress: DemoLoadProgress = { phase: 'customers', customers: emptyProgress(load.customers), orders: emptyProgress(load.orders) };
    const report = (): void => deps.onProgress?.(structuredClone(progress));
    for (const [kind, records] of [['customers', data.customers()], ['orders', data.orders()]] as const) {
      progress.phase = kind;
      const ingestionIds = await sendAll(kind, records, client, progress[kind], report, deps);
      await waitUntilPersisted(ingestionIds, client, progress[kind], report, deps);
    }
    progress.phase = 'done';
    report();
    return { ...progress, elapsedMs: Date.now() - startedAt, apiKeyId: apiKey.id };
  } finally {
    await keys.revoke(apiKey.id, seedActor, localOrigin);
  }
}

function emptyProgress(total: number): KindProgress {
  return { total, sent: 0, accepted: 0, rejected: 0, persisted: 0, deadLettered: 0 };
}

/** POSTs every record in batches, a few requests in flight; returns the ingestion ids. */
async function sendAll(kind: Kind, records: Iterator<unknown>, client: IngestClient, progress: KindProgress, report: () => void, deps: DemoLoaderDeps): Promise<string[]> {
  const batchSize = deps.batchSize ?? 5_000;
  const ingestionIds: string[] = [];
  let failed = false;
  // Batches are cut on demand from the generator, so only the batches in flight are ever in memory.
  const nextBatch = (): unknown[] => {
    const batch: unknown[] = [];
    while (!failed && batch.length < batchSize) {
      const next = records.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };
  const lane = async (): Promise<void> => {
    try {
      for (let batch = nextBatch(); batch.length > 0; batch = nextBatch()) {
        const answer = await client.post(kind, batch);
        ingestionIds.push(answer.ingestionId);
        progress.sent += batch.length;
        progress.accepted += answer.accepted;
        progress.rejected += answer.rejected.length;
        report();
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, deps.inFlight ?? 2) }, lane));
  const failure = lanes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return ingestionIds;
}

/** Polls the ingestions until each is done; fails if the consumers make no progress for too long. */
async function waitUntilPersisted(ingestionIds: string[], client: IngestClient, progress: KindProgress, report: () => void, deps: DemoLoaderDeps): Promise<void> {
  const pollIntervalMs = deps.pollIntervalMs ?? 250;
  const stallTimeoutMs = deps.stallTimeoutMs ?? 600_000;
  const finished = { persisted: 0, deadLettered: 0 };
  let pending = [...ingestionIds];
  let lastMoved = Date.now();
  while (pending.length > 0) {
    const statuses = await Promise.all(pending.map((id) => client.status(id)));
    // Done means persisted and the customers' spend and order counts settled, so the demo looks whole.
    const settled = statuses.every((status) => status.customersAwaitingAggregates === 0);
    const before = progress.persisted + progress.deadLettered;
    progress.persisted = finished.persisted;
    progress.deadLettered = finished.deadLettered;
    for (const status of statuses) {
      progress.persisted += status.persisted;
      progress.deadLettered += status.deadLettered;
      if (!status.done || !settled) continue;
      finished.persisted += status.persisted;
      finished.deadLettered += status.deadLettered;
    }
    pending = statuses.filter((status) => !status.done || !settled).map((status) => status.ingestionId);
    if (progress.persisted + progress.deadLettered !== before) {
      lastMoved = Date.now();
      report();
    }
    if (pending.length === 0) return;
    if (Date.now() - lastMoved > stallTimeoutMs) {
      throw new Error(`nothing was persisted for ${Math.round(stallTimeoutMs / 1000)} s (${progress.persisted} of ${progress.accepted}): are the consumers running?`);
    }
    await sleep(pollIntervalMs, undefined, deps.signal ? { signal: deps.signal } : {});
  }
}
