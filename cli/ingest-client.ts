import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ingestionAcceptedSchema, ingestionStatusSchema, type IngestionStatus } from '../domain/ingest-status.js';

/** What the API answers a bulk POST with. */
export type IngestionAccepted = z.infer<typeof ingestionAcceptedSchema>;

/** Where and how to reach the ingestion API, as an integrator holding an API key does. */
export interface IngestClientOptions {
  apiUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Aborts a request in flight and any wait for Retry-After. */
  signal?: AbortSignal;
  /** How many times one request is retried after 429 or 503 before giving up. */
  maxRetries?: number;
  /** How long one request may take before it counts as failed (a stuck server must not stall us forever). */
  requestTimeoutMs?: number;
}

/** The ingestion API from the outside: bulk POSTs that honour Retry-After, and ingestion status. */
export interface IngestClient {
  /** POSTs one batch; on 429/503 waits Retry-After and sends the same request again, same Idempotency-Key. */
  post(kind: 'customers' | 'orders', records: readonly unknown[]): Promise<IngestionAccepted>;
  status(ingestionId: string): Promise<IngestionStatus>;
}

const retryableStatuses = new Set([429, 503]);
const defaultRetryDelayMs = 1_000;
// A server asking for longer than this is treated as asking for this; we'd rather ask again.
const longestRetryDelayMs = 60_000;

const problemSchema = z.object({ title: z.string().optional(), detail: z.string().optional() });

/** How long a `Retry-After` header (seconds, or an HTTP date) asks to wait, within sane bounds. */
export function retryDelayMs(header: string | null, now: number = Date.now()): number {
  if (header === null || header.trim() === '') return defaultRetryDelayMs;
  const trimmed = header.trim();
  const asSeconds = /^\d+$/.test(trimmed) ? Number(trimmed) * 1_000 : Date.parse(trimmed) - now;
  if (Number.isNaN(asSeconds)) return defaultRetryDelayMs;
  return Math.min(Math.max(asSeconds, 0), longestRetryDelayMs);
}

async function failureOf(what: string, response: Response): Promise<Error> {
  const body: unknown = await response.json().catch(() => undefined);
  const problem = problemSchema.safeParse(body);
  const reason = problem.success ? (problem.data.detail ?? problem.data.title) : undefined;
  return new Error(`${what} answered ${response.status}${reason ? `: ${reason}` : ''}`);
}

/** A client for the ingestion API authenticated by an API key. */
export function createIngestClient(options: IngestClientOptions): IngestClient {
  const fetchImpl = options.fetch ?? fetch;
  const maxRetries = options.maxRetries ?? 20;
  const authorization = `Bearer ${options.apiKey}`;
  const urlOf = (path: string): URL => new URL(path, options.apiUrl);
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const send = async (url: URL, init: RequestInit): Promise<Response> => {
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    try {
      return await fetchImpl(url, { ...init, signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (timeout.aborted) throw new Error(`${init.method ?? 'GET'} ${url.pathname} got no answer within ${Math.round(requestTimeoutMs / 1000)} s`, { cause: error });
      // fetch says only "fetch failed"; the cause (ECONNREFUSED, …) is what a person needs.
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new Error(`could not reach the API at ${url.origin} (${cause}): is Drumbeat running there?`, { cause: error });
    }
  };

  return {
    async post(kind, records) {
      const body = JSON.stringify({ [kind]: records });
      // One key per request, kept across its retries, so the API can recognise a retry as the same request.
      const idempotencyKey = randomUUID();
      for (let attempt = 0; ; attempt += 1) {
        const response = await send(urlOf(`/api/${kind}`), {
          method: 'POST',
          headers: { Authorization: authorization, 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
          body,
        });
        if (response.status === 202) return ingestionAcceptedSchema.parse(await response.json());
        if (!retryableStatuses.has(response.status) || attempt >= maxRetries) throw await failureOf(`POST /api/${kind}`, response);
        await response.body?.cancel();
        await sleep(retryDelayMs(response.headers.get('Retry-After')), undefined, options.signal ? { signal: options.signal } : {});
      }
    },

    async status(ingestionId) {
      const response = await send(urlOf(`/api/ingestions/${encodeURIComponent(ingestionId)}`), { headers: { Authorization: authorization } });
      if (!response.ok) throw await failureOf(`GET /api/ingestions/${ingestionId}`, response);
      return ingestionStatusSchema.parse(await response.json());
    },
  };
}
