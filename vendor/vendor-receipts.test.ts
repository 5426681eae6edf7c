import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryReceipt } from '../domain/receipts.js';
import { vendorSendResponseSchema, vendorStatsSchema, type VendorMessage, type VendorStats } from '../domain/vendor-api.js';
import { contradictionReason } from './intake.js';
import { startReceiptSink, startVendorProcess, setVendorChaos, vendorRequest, type ReceiptSink, type VendorProcess } from '../test/helpers/vendor.js';

interface Rig {
  vendor: VendorProcess;
  sink: ReceiptSink;
}

const rigs: Rig[] = [];
async function startRig(env: Record<string, string>): Promise<Rig> {
  const sink = await startReceiptSink();
  const vendor = await startVendorProcess({ VENDOR_RECEIPT_URL: sink.url, ...env });
  const rig = { vendor, sink };
  rigs.push(rig);
  return rig;
}
afterAll(async () => {
  await Promise.all(rigs.map(async ({ vendor, sink }) => {
    await vendor.stop();
    await sink.close();
  }));
});

const messages = (prefix: string, count: number): VendorMessage[] =>
  Array.from({ length: count }, (_, index) =>
    index % 3 === 2
      ? { messageId: `${prefix}-${index}`, channel: 'email', to: `customer${index}@example.com`, subject: 'News', body: 'Hello' }
      : { messageId: `${prefix}-${index}`, channel: index % 3 === 0 ? 'sms' : 'whatsapp', to: `+1415555${String(index).padStart(4, '0')}`, body: 'Hello' },
  );

async function sendAll(vendor: VendorProcess, batch: VendorMessage[], size = 1_000): Promise<void> {
  for (let start = 0; start < batch.length; start += size) {
    const response = await vendorRequest(vendor, 'POST', '/v1/messages', { body: { messages: batch.slice(start, start + size) } });
    expect(response.status).toBe(200);
    const { results } = vendorSendResponseSchema.parse(await response.json());
    expect(results.every((result) => result.outcome === 'accepted' && !result.duplicate)).toBe(true);
  }
}

async function statsOf(vendor: VendorProcess): Promise<VendorStats> {
  return vendorStatsSchema.parse(await (await vendorRequest(vendor, 'GET', '/v1/stats')).json());
}

function settled(vendor: VendorProcess, timeout = 20_000): Promise<void> {
  return expect.poll(async () => (await statsOf(vendor)).receipts.pending, { timeout, interval: 100 }).toBe(0);
}

const statusById = (receipts: DeliveryReceipt[]): Map<string, string> => new Map(receipts.map((receipt) => [receipt.messageId, receipt.status]));

describe('delivery outcomes and receipts', () => {
  let seeded: Rig;
  let sameSeed: Rig;
  beforeAll(async () => {
    [seeded, sameSeed] = await Promise.all([
      startRig({ VENDOR_SEED: 'receipts-seed', VENDOR_RECEIPT_DELAY: '100ms' }),
      startRig({ VENDOR_SEED: 'receipts-seed', VENDOR_RECEIPT_DELAY: '100ms', VENDOR_RECEIPT_BATCH: '1000' }),
    ]);
  });

  it('delivers about 90 % and fails about 10 % of 5,000 messages, with one signed receipt each, in batches', async () => {
    const sent = messages('split', 5_000);
    await sendAll(seeded.vendor, sent);
    await settled(seeded.vendor);
    const { sink } = seeded;
    expect(sink.receipts).toHaveLength(5_000);
    expect(new Set(sink.receipts.map((receipt) => receipt.messageId)).size).toBe(5_000);
    expect(sink.refused).toEqual({ signature: 0, replayed: 0, invalidBody: 0 });
    const failed = sink.receipts.filter((receipt) => receipt.status === 'FAILED');
    expect(failed.length).toBeGreaterThan(400);
    expect(failed.length).toBeLessThan(600);
    expect(failed.every((receipt) => receipt.reason !== undefined && receipt.reason.length > 0)).toBe(true);
    expect(sink.receipts.every((receipt) => /^vm_[0-9a-f]{24}$/.test(receipt.vendorMessageId ?? ''))).toBe(true);
    // Batched (at most VENDOR_RECEIPT_BATCH, 500 by default), each batch in due order when there is no chaos.
    expect(sink.batches.length).toBeLessThan(1_000);
    expect(Math.max(...sink.batches.map((batch) => batch.length))).toBeLessThanOrEqual(500);
    expect(Math.max(...sink.batches.map((batch) => batch.length))).toBeGreaterThan(1);
    for (const batch of sink.batches) expect(batch.map((receipt) => receipt.at)).toEqual(batch.map((receipt) => receipt.at).sort());
    const stats = await statsOf(seeded.vendor);
    expect(stats).toMatchObject({ uniqueMessages: 5_000, delivered: 5_000 - failed.length, failed: failed.length });
    expect(stats.receipts).toMatchObject({ sent: 5_000, pending: 0, batchesSent: sink.batches.length, failedAttempts: 0, duplicatesSent: 0 });
  });

  it('decides the same outcomes under the same seed whatever the order and batching', async () => {
    await sendAll(sameSeed.vendor, messages('split', 5_000).reverse(), 700);
    await settled(sameSeed.vendor);
    expect(sameSeed.sink.receipts).toHaveLength(5_000);
    expect(statusById(sameSeed.sink.receipts)).toEqual(statusById(seeded.sink.receipts));
    const reasons = (receipts: DeliveryReceipt[]): string[] => receipts.map((receipt) => `${receipt.messageId}:${receipt.reason ?? ''}:${receipt.vendorMessageId ?? ''}`).sort();
    expect(reasons(sameSeed.sink.receipts)).toEqual(reasons(seeded.sink.receipts));
  });
});

describe('receipt delivery when the receipt URL fails', () => {
  it('retries each refused batch, re-signed, with backoff until the sink accepts it', async () => {
    const { vendor, sink } = await startRig({ VENDOR_RECEIPT_DELAY: '50ms', VENDOR_RECEIPT_BATCH: '5', LOG_LEVEL: 'fatal' });
    sink.failNext(3);
    const started = Date.now();
    await sendAll(vendor, messages('retry', 20));
    await settled(vendor);
    expect(sink.failedOnPurpose).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(sink.receipts).toHaveLength(20);
    expect(new Set(sink.receipts.map((receipt) => receipt.messageId)).size).toBe(20);
    expect(sink.refused).toEqual({ signature: 0, replayed: 0, invalidBody: 0 });
    // Batches hold what fell due together (at most 5); the three refused ones were sent again, not split or merged.
    expect(sink.batches.length).toBeGreaterThanOrEqual(4);
    expect(sink.batches.every((batch) => batch.length <= 5)).toBe(true);
    expect((await statsOf(vendor)).receipts).toMatchObject({ sent: 20, pending: 0, failedAttempts: 3, batchesSent: sink.batches.length });
  });

  it('keeps receipts pending during an outage window, refuses sends with 503, and delivers after it', async () => {
    const { vendor, sink } = await startRig({ VENDOR_RECEIPT_DELAY: '1s', LOG_LEVEL: 'fatal' });
    await sendAll(vendor, messages('outage', 30));
    const chaos = await setVendorChaos(vendor, { outage: { startsInMs: 0, durationMs: 2_500 } });
    expect(chaos.outage?.durationMs).toBeGreaterThan(2_000);
    const refused = await vendorRequest(vendor, 'POST', '/v1/messages', { body: { messages: messages('during-outage', 1) } });
    expect(refused.status).toBe(503);
    // Past the receipts' due time (1 s ± 20 %), still inside the outage: nothing dispatched.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect(sink.receipts).toEqual([]);
    expect(await statsOf(vendor)).toMatchObject({ uniqueMessages: 30, receipts: { pending: 30, sent: 0 } });
    await settled(vendor);
    expect(sink.receipts).toHaveLength(30);
    expect((await setVendorChaos(vendor, {})).outage).toBeNull();
  });
});

describe('stopping the vendor', () => {
  it('exits cleanly on SIGTERM even while a receipt batch is waiting to be retried', async () => {
    const { vendor, sink } = await startRig({ VENDOR_RECEIPT_DELAY: '50ms', LOG_LEVEL: 'fatal' });
    sink.failNext(1_000);
    await sendAll(vendor, messages('stop', 10));
    await expect.poll(async () => (await statsOf(vendor)).receipts.failedAttempts, { timeout: 10_000 }).toBeGreaterThan(0);
    const started = Date.now();
    expect(await vendor.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('receipt chaos', () => {
  it('sends duplicate receipts later and, out of order, an early contradictory FAILED before the final DELIVERED', async () => {
    const { vendor, sink } = await startRig({
      VENDOR_SEED: 'receipt-chaos',
      VENDOR_FAILURE_RATE: '0',
      VENDOR_RECEIPT_DELAY: '100ms',
      VENDOR_DUPLICATE_RECEIPT_RATE: '0.5',
      VENDOR_OUT_OF_ORDER: 'true',
    });
    const sent = messages('chaos', 300);
    await sendAll(vendor, sent);
    await settled(vendor);
    const stats = await statsOf(vendor);
    expect(sink.refused).toEqual({ signature: 0, replayed: 0, invalidBody: 0 });

    let duplicated = 0;
    let contradicted = 0;
    for (const { messageId } of sent) {
      const receipts = sink.receiptsOf(messageId);
      const delivered = receipts.filter((receipt) => receipt.status === 'DELIVERED');
      const failed = receipts.filter((receipt) => receipt.status === 'FAILED');
      expect(delivered.length).toBeGreaterThanOrEqual(1);
      expect(delivered.length).toBeLessThanOrEqual(2);
      if (delivered.length === 2) {
        duplicated += 1;
        expect(delivered[1]).toEqual(delivered[0]);
      }
      if (failed.length > 0) {
        contradicted += 1;
        expect(failed).toEqual([expect.objectContaining({ reason: contradictionReason })]);
        // FAILED arrives first and is dated earlier; the final word is DELIVERED.
        expect(receipts[0]?.status).toBe('FAILED');
        expect(Date.parse(failed[0]!.at)).toBeLessThan(Date.parse(delivered[0]!.at));
      }
    }
    expect(duplicated).toBe(stats.receipts.duplicatesSent);
    expect(duplicated).toBeGreaterThan(100);
    expect(duplicated).toBeLessThan(200);
    expect(contradicted).toBe(stats.receipts.contradictionsSent);
    expect(contradicted).toBeGreaterThan(30);
    expect(contradicted).toBeLessThan(90);
    expect(stats.receipts.sent).toBe(300 + duplicated + contradicted);
    // Shuffled: some batch is not in the order its receipts fell due.
    const outOfOrderBatches = sink.batches.filter((batch) => batch.some((receipt, index) => index > 0 && receipt.at < batch[index - 1]!.at));
    expect(outOfOrderBatches.length).toBeGreaterThan(0);

    // Turned off at runtime: the next messages get exactly one receipt each.
    await setVendorChaos(vendor, { duplicateReceiptRate: 0, outOfOrder: false });
    await sendAll(vendor, messages('calm', 100));
    await settled(vendor);
    for (const { messageId } of messages('calm', 100)) expect(sink.receiptsOf(messageId)).toEqual([expect.objectContaining({ status: 'DELIVERED' })]);
  });
});
