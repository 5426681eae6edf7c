import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vendorSendResponseSchema, vendorStatsSchema } from '../domain/vendor-api.js';
import { useTestApi } from '../test/helpers/api.js';
import { startVendorProcess, vendorRequest, type VendorProcess } from '../test/helpers/vendor.js';

const secret = `receipts-${randomUUID()}`;
const api = useTestApi({ RECEIPTS_SIGNING_SECRET: secret, REDIS_KEY_PREFIX: `test:${randomUUID().slice(0, 8)}:` });

let vendor: VendorProcess;
beforeAll(async () => {
  vendor = await startVendorProcess({
    VENDOR_RECEIPT_URL: `${api().url}/api/delivery-receipts`,
    RECEIPTS_SIGNING_SECRET: secret,
    VENDOR_RECEIPT_DELAY: '50ms',
    VENDOR_RECEIPT_BATCH: '7',
    VENDOR_DUPLICATE_RECEIPT_RATE: '0.3',
    VENDOR_OUT_OF_ORDER: 'true',
  });
});
afterAll(async () => {
  await vendor?.stop();
});

describe('the vendor against the CRM receipts webhook', () => {
  it('has every signed receipt batch accepted by POST /api/delivery-receipts, duplicates and contradictions included', async () => {
    const messages = Array.from({ length: 40 }, (_, index) => ({ messageId: `crm-${index}`, channel: 'sms' as const, to: '+14155550100', body: 'Hello' }));
    const response = await vendorRequest(vendor, 'POST', '/v1/messages', { body: { messages } });
    expect(vendorSendResponseSchema.parse(await response.json()).results).toHaveLength(40);
    const stats = async () => vendorStatsSchema.parse(await (await vendorRequest(vendor, 'GET', '/v1/stats')).json());
    await expect.poll(async () => (await stats()).receipts.pending, { timeout: 20_000, interval: 100 }).toBe(0);
    const { receipts } = await stats();
    expect(receipts.failedAttempts).toBe(0);
    expect(receipts.sent).toBe(40 + receipts.duplicatesSent + receipts.contradictionsSent);
    expect(receipts.duplicatesSent + receipts.contradictionsSent).toBeGreaterThan(0);
  });
});
