import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VendorMessage } from '../domain/vendor-api.js';
import { vendorSendResponseSchema, vendorStatsSchema, type VendorStats } from '../domain/vendor-api.js';
import { startReceiptSink, startVendorProcess, setVendorChaos, vendorRequest, type ReceiptSink, type VendorProcess } from '../test/helpers/vendor.js';

let vendor: VendorProcess;
let sink: ReceiptSink;
beforeAll(async () => {
  sink = await startReceiptSink();
  vendor = await startVendorProcess({ VENDOR_SEED: 'vendor-api', VENDOR_RECEIPT_URL: sink.url, VENDOR_RECEIPT_DELAY: '50ms', LOG_LEVEL: 'fatal' });
});
afterAll(async () => {
  await vendor?.stop();
  await sink?.close();
});

const sms = (messageId: string, fields: Partial<VendorMessage> = {}): VendorMessage => ({ messageId, channel: 'sms', to: '+14155550100', body: 'Your order shipped', ...fields });

async function send(messages: unknown): Promise<Response> {
  return vendorRequest(vendor, 'POST', '/v1/messages', { body: { messages } });
}

async function sendOk(messages: VendorMessage[]) {
  const response = await send(messages);
  expect(response.status).toBe(200);
  return vendorSendResponseSchema.parse(await response.json()).results;
}

async function stats(): Promise<VendorStats> {
  return vendorStatsSchema.parse(await (await vendorRequest(vendor, 'GET', '/v1/stats')).json());
}

const settled = (): Promise<void> => expect.poll(async () => (await stats()).receipts.pending, { timeout: 10_000 }).toBe(0);

describe('vendor API access', () => {
  it('answers health checks without a key', async () => {
    expect(await (await fetch(`${vendor.url}/healthz`)).json()).toEqual({ status: 'ok', service: 'drumbeat-vendor' });
  });

  it('refuses every /v1 route without the key, or with a wrong one, with 401 problem+json', async () => {
    for (const [method, path] of [['POST', '/v1/messages'], ['GET', '/v1/stats'], ['GET', '/v1/chaos'], ['PUT', '/v1/chaos']] as const) {
      for (const apiKey of [null, 'wrong-key', `${vendor.apiKey}x`]) {
        const response = await vendorRequest(vendor, method, path, { apiKey, ...(method === 'GET' ? {} : { body: {} }) });
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(await response.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
      }
    }
  });
});

describe('POST /v1/messages', () => {
  it('rejects a batch of 1,001 messages with 400, storing none of them', async () => {
    const before = await stats();
    const response = await send(Array.from({ length: 1_001 }, (_, index) => sms(`too-many-${index}`)));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: 'messages' }] });
    expect((await stats()).uniqueMessages).toBe(before.uniqueMessages);
  });

  it('rejects malformed entries with 400 naming each field, storing nothing', async () => {
    const before = await stats();
    const response = await send([sms('fine-1'), { messageId: 'x'.repeat(129), channel: 'sms', to: '+14155550100', body: 'Hi' }, { messageId: 'no-channel', to: 'a@b.co', body: 'Hi' }, sms('fine-2', { channel: 'pigeon' as 'sms' })]);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['messages.1.messageId', 'messages.2.channel', 'messages.3.channel']);
    expect((await send([])).status).toBe(400);
    expect((await vendorRequest(vendor, 'POST', '/v1/messages', { body: { messages: 'all of them' } })).status).toBe(400);
    expect((await stats()).uniqueMessages).toBe(before.uniqueMessages);
  });

  it('rejects undeliverable messages one by one, in request order, and sends them no receipt', async () => {
    const before = await stats();
    const results = await sendOk([
      sms('reject-ok-1'),
      sms('reject-bad-phone', { to: '555-0100' }),
      { messageId: 'reject-bad-email', channel: 'email', to: 'not-an-address', body: 'Hello', subject: 'Hi' },
      { messageId: 'reject-whatsapp-email', channel: 'whatsapp', to: 'ada@example.com', body: 'Hello' },
      sms('reject-too-long', { body: 'x'.repeat(1_601) }),
      { messageId: 'reject-ok-2', channel: 'email', to: 'ada@example.com', body: 'Hello', subject: 'Hi' },
    ]);
    expect(results.map((result) => [result.messageId, result.outcome])).toEqual([
      ['reject-ok-1', 'accepted'],
      ['reject-bad-phone', 'rejected'],
      ['reject-bad-email', 'rejected'],
      ['reject-whatsapp-email', 'rejected'],
      ['reject-too-long', 'rejected'],
      ['reject-ok-2', 'accepted'],
    ]);
    expect(results[1]).toMatchObject({ reason: expect.stringMatching(/E\.164/) as unknown });
    expect(results[2]).toMatchObject({ reason: 'to is not an e-mail address' });
    await settled();
    expect(sink.receiptsOf('reject-ok-1')).toHaveLength(1);
    expect(sink.receiptsOf('reject-ok-2')).toHaveLength(1);
    for (const id of ['reject-bad-phone', 'reject-bad-email', 'reject-whatsapp-email', 'reject-too-long']) expect(sink.receiptsOf(id)).toEqual([]);
    const after = await stats();
    expect(after.rejected - before.rejected).toBe(4);
    expect(after.uniqueMessages - before.uniqueMessages).toBe(2);
  });

  it('acknowledges a retried message id again with the same vendor id and delivers it once', async () => {
    const before = await stats();
    const [first, again] = await sendOk([sms('dedup-1'), sms('dedup-1')]);
    const [retried] = await sendOk([sms('dedup-1', { body: 'a different body is still the same message' })]);
    expect(first).toMatchObject({ outcome: 'accepted', duplicate: false, vendorMessageId: expect.stringMatching(/^vm_[0-9a-f]{24}$/) as unknown });
    const vendorMessageId = first?.outcome === 'accepted' ? first.vendorMessageId : '';
    expect(again).toEqual({ messageId: 'dedup-1', outcome: 'accepted', vendorMessageId, duplicate: true });
    expect(retried).toEqual({ messageId: 'dedup-1', outcome: 'accepted', vendorMessageId, duplicate: true });
    await settled();
    expect(sink.receiptsOf('dedup-1')).toEqual([expect.objectContaining({ messageId: 'dedup-1', vendorMessageId })]);
    const after = await stats();
    expect(after.uniqueMessages - before.uniqueMessages).toBe(1);
    expect(after.duplicatesSeen - before.duplicatesSeen).toBe(2);
    expect(after.receipts.sent - before.receipts.sent).toBe(1);
  });
});

describe('chaos settings', () => {
  it('reads and changes them at runtime, refusing unknown or out-of-range settings', async () => {
    expect(await (await vendorRequest(vendor, 'GET', '/v1/chaos')).json()).toEqual({
      transientErrorRate: 0,
      latencyMs: 0,
      duplicateReceiptRate: 0,
      outOfOrder: false,
      outage: null,
    });
    expect((await vendorRequest(vendor, 'PUT', '/v1/chaos', { body: { transientErrorRate: 2 } })).status).toBe(400);
    expect((await vendorRequest(vendor, 'PUT', '/v1/chaos', { body: { explode: true } })).status).toBe(400);
    expect(await setVendorChaos(vendor, { latencyMs: 300 })).toMatchObject({ latencyMs: 300 });
    const started = Date.now();
    await sendOk([sms('latency-1')]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    await setVendorChaos(vendor, { latencyMs: 0 });
  });

  it('answers 503 with Retry-After at a transient error rate of 1, storing nothing', async () => {
    await setVendorChaos(vendor, { transientErrorRate: 1 });
    try {
      const before = await stats();
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const response = await send([sms(`transient-${attempt}`)]);
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await response.json()).toMatchObject({ code: 'service_unavailable' });
      }
      const { receipts: _receiptsBefore, ...messagesBefore } = before;
      const { receipts: _receiptsAfter, ...messagesAfter } = await stats();
      expect(messagesAfter).toEqual(messagesBefore);
    } finally {
      await setVendorChaos(vendor, { transientErrorRate: 0 });
    }
    expect((await sendOk([sms('transient-after')]))[0]).toMatchObject({ outcome: 'accepted', duplicate: false });
  });
});
