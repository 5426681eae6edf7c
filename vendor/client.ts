import type { z } from 'zod';
import {
  maxMessagesPerRequest,
  vendorSendResponseSchema,
  vendorStatsSchema,
  type VendorMessage,
  type VendorSendResult,
  type VendorStats,
} from '../domain/vendor-api.js';
import { VendorRejectedError, VendorUnavailableError } from './vendor-errors.js';

export { VendorRejectedError, VendorUnavailableError, isRetryableVendorError, type VendorUnavailableReason } from './vendor-errors.js';

export interface VendorClientOptions {
  /** The vendor's base URL, e.g. http://127.0.0.1:3100. */
  baseUrl: string;
  apiKey: string;
  /** Per request, including reading the answer. */
  timeoutMs?: number;
  /** Messages per request (at most the vendor's 1,000). */
  maxBatch?: number;
  /** Requests of one `send` on the wire at once. */
  concurrency?: number;
  fetch?: typeof fetch;
}

/** The messaging vendor, as the send activities see it. */
export interface VendorClient {
  /**
   * Sends messages in batches of at most `maxBatch`, a few requests at a time, and returns one result
   * per message in input order. If any request fails the whole call rejects with a typed error
   * (VendorUnavailableError or VendorRejectedError); re-sending is safe, the vendor dedups by message id.
   */
  send(messages: readonly VendorMessage[]): Promise<VendorSendResult[]>;
  /** The vendor's counters. */
  stats(): Promise<VendorStats>;
}

/** A client for the vendor's `/v1` API that classifies every failure as retryable or permanent. */
export function createVendorClient(options: VendorClientOptions): VendorClient {
  const { apiKey, timeoutMs = 10_000, maxBatch = maxMessagesPerRequest, concurrency = 4 } = options;
  const fetchImpl = options.fetch ?? fetch;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > maxMessagesPerRequest) {
    throw new RangeError(`maxBatch must be an integer from 1 to ${maxMessagesPerRequest}`);
  }

  const call = async <Schema extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: Schema, body?: unknown): Promise<z.output<Schema>> => {
    const url = `${baseUrl}${path}`;
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(url, {
        method,
        headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new VendorUnavailableError(
        timedOut ? `${method} ${path}: no answer within ${timeoutMs} ms` : `${method} ${path}: ${describe(error)}`,
        { reason: timedOut ? 'timeout' : 'network', cause: error },
      );
    }
    if (response.status >= 500 || response.status === 429) {
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      throw new VendorUnavailableError(`${method} ${path}: vendor answered ${response.status}`, {
        reason: 'status',
        status: response.status,
        ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
      });
    }
    if (response.status >= 400) {
      throw new VendorRejectedError(`${method} ${path}: vendor refused the request with ${response.status}`, response.status, parseJson(text) ?? text);
    }
    const parsed = schema.safeParse(parseJson(text));
    if (!parsed.success) {
      // Not the vendor's API (a proxy's page, a half-deployed vendor): worth retrying, and sends are idempotent.
      throw new VendorUnavailableError(`${method} ${path}: the answer (status ${response.status}) is not the vendor API's`, {
        reason: 'invalid_answer',
        status: response.status,
      });
    }
    return parsed.data;
  };

  const sendBatch = async (batch: readonly VendorMessage[]): Promise<VendorSendResult[]> => {
    const { results } = await call('POST', '/v1/messages', vendorSendResponseSchema, { messages: batch });
    const inOrder = results.length === batch.length && results.every((result, index) => result.messageId === batch[index]?.messageId);
    if (!inOrder) {
      throw new VendorUnavailableError('POST /v1/messages: the results do not match the messages sent, one for one and in order', {
        reason: 'invalid_answer',
        status: 200,
      });
    }
    return results;
  };

  return {
    send: async (messages) => {
      const batches: (readonly VendorMessage[])[] = [];
      for (let start = 0; start < messages.length; start += maxBatch) batches.push(messages.slice(start, start + maxBatch));
      const answers = await mapWithConcurrency(batches, concurrency, sendBatch);
      return answers.flat();
    },
    stats: () => call('GET', '/v1/stats', vendorStatsSchema),
  };
}

/**
 * Maps items with at most `limit` calls running; results keep the items' order. On the first failure
 * no further call starts, and the error is thrown once the running ones have settled.
 */
async function mapWithConcurrency<Item, Result>(items: readonly Item[], limit: number, map: (item: Item) => Promise<Result>): Promise<Result[]> {
  const results: Result[] = new Array<Result>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await map(items[index] as Item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1_000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
