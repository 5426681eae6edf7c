import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VendorMessage } from '../domain/vendor-api.js';
import { setVendorChaos, startVendorProcess, type VendorProcess } from '../test/helpers/vendor.js';
import { createVendorClient, isRetryableVendorError, VendorRejectedError, VendorUnavailableError } from './client.js';

let vendor: VendorProcess;
// A stand-in vendor whose answer each test chooses; `hang` never answers.
let stub: { url: string; server: Server; answer: { status: number; headers?: Record<string, string>; body: string } | 'hang' };
beforeAll(async () => {
  vendor = await startVendorProcess({ VENDOR_SEED: 'client', LOG_LEVEL: 'fatal' });
  const server = createServer((request, response) => {
    request.resume();
    const answer = stub.answer;
    if (answer === 'hang') return;
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, answer: { status: 200, body: '{}' } };
});
afterAll(async () => {
  await vendor?.stop();
  stub?.server.closeAllConnections();
  await new Promise((resolve) => stub?.server.close(resolve));
});

const sms = (messageId: string, to = '+14155550100'): VendorMessage => ({ messageId, channel: 'sms', to, body: 'Hello' });

/** A fetch that counts the requests it forwards. */
function countingFetch(): { fetch: typeof fetch; requests: number; largest: number; concurrent: number; maxConcurrent: number } {
  const counter = {
    requests: 0,
    largest: 0,
    concurrent: 0,
    maxConcurrent: 0,
    fetch: async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      counter.requests += 1;
      counter.concurrent += 1;
      counter.maxConcurrent = Math.max(counter.maxConcurrent, counter.concurrent);
      if (typeof init?.body === 'string') counter.largest = Math.max(counter.largest, (JSON.parse(init.body) as { messages: unknown[] }).messages.length);
      try {
        return await fetch(input, init);
      } finally {
        counter.concurrent -= 1;
      }
    },
  };
  return counter;
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('vendor client batching', () => {
  it('sends 2,500 messages as three requests and returns the results in input order', async () => {
    const counter = countingFetch();
    const client = createVendorClient({ baseUrl: vendor.url, apiKey: vendor.apiKey, fetch: counter.fetch, concurrency: 2 });
    const input = Array.from({ length: 2_500 }, (_, index) => sms(`batch-${index}`, index % 997 === 0 ? 'not-a-phone' : '+14155550100'));
    const results = await client.send(input);
    expect(counter.requests).toBe(3);
    expect(counter.largest).toBe(1_000);
    expect(counter.maxConcurrent).toBe(2);
    expect(results.map((result) => result.messageId)).toEqual(input.map((message) => message.messageId));
    expect(results.filter((result) => result.outcome === 'rejected').map((result) => result.messageId)).toEqual(['batch-0', 'batch-997', 'batch-1994']);
    expect(await client.stats()).toMatchObject({ uniqueMessages: 2_497, rejected: 3 });

    const again = await client.send(input.slice(0, 10));
    expect(again.filter((result) => result.outcome === 'accepted').every((result) => result.duplicate)).toBe(true);
  });

  it('honours a smaller maxBatch and sends nothing for no messages', async () => {
    const counter = countingFetch();
    const client = createVendorClient({ baseUrl: `${vendor.url}/`, apiKey: vendor.apiKey, fetch: counter.fetch, maxBatch: 40 });
    expect(await client.send([])).toEqual([]);
    expect(counter.requests).toBe(0);
    expect(await client.send(Array.from({ length: 100 }, (_, index) => sms(`small-${index}`)))).toHaveLength(100);
    expect(counter.requests).toBe(3);
    expect(() => createVendorClient({ baseUrl: vendor.url, apiKey: vendor.apiKey, maxBatch: 1_001 })).toThrow(RangeError);
  });
});

describe('vendor client error classification', () => {
  it('treats 503 from the vendor as retryable, with its Retry-After', async () => {
    const client = createVendorClient({ baseUrl: vendor.url, apiKey: vendor.apiKey });
    await setVendorChaos(vendor, { transientErrorRate: 1 });
    try {
      const error = await failureOf(client.send([sms('chaos-1')]));
      expect(error).toBeInstanceOf(VendorUnavailableError);
      expect(error).toMatchObject({ reason: 'status', status: 503, retryAfterMs: 5_000, retryable: true });
      expect(isRetryableVendorError(error)).toBe(true);
    } finally {
      await setVendorChaos(vendor, { transientErrorRate: 0 });
    }
  });

  it('treats a wrong key and a malformed batch as permanent, carrying the problem body', async () => {
    const wrongKey = await failureOf(createVendorClient({ baseUrl: vendor.url, apiKey: 'wrong' }).send([sms('key-1')]));
    expect(wrongKey).toBeInstanceOf(VendorRejectedError);
    expect(wrongKey).toMatchObject({ status: 401, retryable: false, problem: { code: 'unauthenticated' } });
    expect(isRetryableVendorError(wrongKey)).toBe(false);

    const malformed = await failureOf(createVendorClient({ baseUrl: vendor.url, apiKey: vendor.apiKey }).send([sms('x'.repeat(129))]));
    expect(malformed).toMatchObject({ status: 400, problem: { code: 'validation_failed', errors: [{ path: 'messages.0.messageId' }] } });
    expect(isRetryableVendorError(malformed)).toBe(false);
  });

  it('times out on a vendor that never answers, as a retryable error', async () => {
    stub.answer = 'hang';
    const started = Date.now();
    const error = await failureOf(createVendorClient({ baseUrl: stub.url, apiKey: 'k', timeoutMs: 300 }).send([sms('hang-1')]));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error).toBeInstanceOf(VendorUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout', status: undefined });
    expect(isRetryableVendorError(error)).toBe(true);
  });

  it('classifies 5xx, 429 and answers that are not the vendor API as retryable, other 4xx as permanent', async () => {
    const client = createVendorClient({ baseUrl: stub.url, apiKey: 'k' });
    const cases: [typeof stub.answer, Record<string, unknown>, boolean][] = [
      [{ status: 500, body: '{"code":"internal_error"}' }, { reason: 'status', status: 500, retryAfterMs: undefined }, true],
      [{ status: 502, body: '<html>Bad gateway</html>' }, { reason: 'status', status: 502 }, true],
      [{ status: 429, headers: { 'retry-after': '7' }, body: '{}' }, { reason: 'status', status: 429, retryAfterMs: 7_000 }, true],
      [{ status: 200, body: '<html>captive portal</html>' }, { reason: 'invalid_answer', status: 200 }, true],
      [{ status: 200, body: '{"results":[]}' }, { reason: 'invalid_answer' }, true],
      [{ status: 404, body: '{"code":"not_found"}' }, { status: 404, problem: { code: 'not_found' } }, false],
      [{ status: 413, body: 'too large' }, { status: 413, problem: 'too large' }, false],
    ];
    for (const [answer, expected, retryable] of cases) {
      stub.answer = answer;
      const error = await failureOf(client.send([sms('stub-1')]));
      expect(error).toMatchObject(expected);
      expect(isRetryableVendorError(error)).toBe(retryable);
      expect(error).toBeInstanceOf(retryable ? VendorUnavailableError : VendorRejectedError);
    }
  });

  it('treats an unreachable vendor as a retryable network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failureOf(createVendorClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: 'k' }).stats());
    expect(error).toMatchObject({ reason: 'network', retryable: true });
  });
});
