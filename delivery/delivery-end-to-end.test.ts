import { setTimeout as sleep } from 'node:timers/promises';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentReceiptsSecret } from '../config/auth.js';
import { campaignDeliverySchema, messagePageSchema, type CampaignDelivery } from '../domain/delivery/delivery-api.js';
import { vendorStatsSchema } from '../domain/vendor-api.js';
import { signatureHeaders } from '../http/signed-payload.js';
import { createLogger } from '../observability/logger.js';
import { RedisConnections } from '../streams/redis.js';
import { useIngestion } from '../test/helpers/ingestion.js';
import { testServices } from '../test/helpers/services.js';
import { startVendorProcess, vendorRequest, type VendorProcess } from '../test/helpers/vendor.js';
import { createVendorClient } from '../vendor/client.js';
import type { DeliveryStore } from './apply-message-updates.js';
import { sendMessageBatch, type MessageNodeSend, type Recipient } from './send-batch.js';

// The whole delivery path with real parts: messages recorded in the real database, sent to the real
// vendor process, whose signed receipts (some duplicated, released out of order) come back through the
// API's receipt route and the receipts stream to the consumers, which apply them to messages and counters.

const harness = useIngestion();
let vendor: VendorProcess;
let store: DeliveryStore;
let connections: RedisConnections;

beforeAll(async () => {
  vendor = await startVendorProcess({
    VENDOR_RECEIPT_URL: `${harness().api.url}/api/delivery-receipts`,
    VENDOR_SEED: 'delivery-end-to-end',
    VENDOR_RECEIPT_DELAY: '200ms',
    VENDOR_RECEIPT_BATCH: '100',
    VENDOR_DUPLICATE_RECEIPT_RATE: '0.3',
    VENDOR_OUT_OF_ORDER: 'true',
  });
  connections = new RedisConnections(testServices().redisUrl, createLogger({ role: 'test', level: 'silent' }), harness().redisKeyPrefix);
  store = { models: harness().database.models, redis: connections.get('commands') };
});
afterAll(async () => {
  await vendor?.stop();
  await connections?.close();
});

/** Customers with ids derived from `series`, so message ids, and with the vendor's seed its outcomes, repeat run after run. */
async function storeRecipients(series: number, count: number, withoutPhone: number): Promise<Recipient[]> {
  const recipients: Recipient[] = Array.from({ length: count }, (_, index) => ({
    _id: new Types.ObjectId((series * 1_000_000 + index).toString(16).padStart(24, '0')),
    name: `Customer ${index}`,
    email: `customer${index}@example.com`,
    phone: index < withoutPhone ? null : `+91987${String(index).padStart(7, '0')}`,
    city: 'Pune',
    totalSpend: index * 10,
    orderCount: 1,
    visits: 2,
    lastOrderAt: null,
    attributes: {},
  }));
  await harness().database.models.customers.insertMany(recipients.map((recipient) => ({ ...recipient, key: `ext:${recipient._id.toHexString()}` })));
  return recipients;
}

async function deliveryOf(campaignId: string): Promise<CampaignDelivery> {
  const response = await harness().marketer.request(`/api/campaigns/${campaignId}/delivery`);
  expect(response.status).toBe(200);
  return campaignDeliverySchema.parse(await response.json());
}

/** Waits until the vendor has no receipt left to send and the campaign has nothing in flight. */
async function settled(campaignId: string): Promise<CampaignDelivery> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const stats = vendorStatsSchema.parse(await (await vendorRequest(vendor, 'GET', '/v1/stats')).json());
    const delivery = await deliveryOf(campaignId);
    if (stats.receipts.pending === 0 && delivery.totals.inFlight === 0 && delivery.totals.pending === 0) return delivery;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify({ stats, totals: delivery.totals })}`);
    await sleep(100);
  }
}

async function statusCounts(campaignId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | null = null;
  do {
    const query: string = `/api/campaigns/${campaignId}/messages?limit=200${cursor ? `&cursor=${cursor}` : ''}`;
    const page = messagePageSchema.parse(await (await harness().marketer.request(query)).json());
    for (const message of page.messages) counts[message.status] = (counts[message.status] ?? 0) + 1;
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}

const smsNode = (campaignId: string, nodeId: string): MessageNodeSend => ({
  campaignId,
  nodeId,
  content: { channel: 'sms', body: "Hi {{first_name | there}}, here's 10% off on your next order!" },
  attributeKeys: [],
});

describe('delivery end to end: vendor process, signed receipts, receipts consumer', () => {
  it('sends personalised messages once, and duplicated, reordered receipts end in exact statuses and counters', async () => {
    const recipients = await storeRecipients(1, 300, 12);
    const client = createVendorClient({ baseUrl: vendor.url, apiKey: vendor.apiKey, maxBatch: 100 });
    const [first, second] = ['e2e-first', 'e2e-second'];
    // Two campaigns at once, so receipt batches mix them; the second has two message nodes.
    const outcomes = await Promise.all([
      sendMessageBatch({ store, vendor: client }, smsNode(first, 'offer'), recipients.slice(0, 200)),
      sendMessageBatch({ store, vendor: client }, smsNode(second, 'left'), recipients.slice(200, 250)),
      sendMessageBatch({ store, vendor: client }, smsNode(second, 'right'), recipients.slice(250)),
    ]);
    expect(outcomes[0]).toMatchObject({ recorded: 200, skipped: 12, accepted: 188, refused: 0, alreadySent: 0 });

    const a = await settled(first);
    const b = await settled(second);
    expect(a.totals).toMatchObject({ audience: 200, skipped: 12, sent: 188, pending: 0, inFlight: 0 });
    expect(a.totals.delivered + a.totals.failed).toBe(188);
    expect(b.totals).toMatchObject({ audience: 100, sent: 100 });
    expect(Object.keys(b.nodes).sort()).toEqual(['left', 'right']);
    // Counters agree with the log itself, and with what the vendor decided.
    expect(await statusCounts(first)).toEqual({ SKIPPED: 12, DELIVERED: a.totals.delivered, FAILED: a.totals.failed });
    const stats = vendorStatsSchema.parse(await (await vendorRequest(vendor, 'GET', '/v1/stats')).json());
    expect(stats.uniqueMessages).toBe(288);
    expect(stats.delivered).toBe(a.totals.delivered + b.totals.delivered);
    expect(stats.failed).toBe(a.totals.failed + b.totals.failed);
    expect(stats.receipts.duplicatesSent).toBeGreaterThan(0);
    expect(a.totals.failed).toBeGreaterThan(0);

    const message: unknown = await harness().marketer.request(`/api/campaigns/${first}/messages?status=DELIVERED&limit=1`).then((r) => r.json());
    const [delivered] = messagePageSchema.parse(message).messages;
    expect(delivered?.body).toMatch(/^Hi Customer, here's 10% off on your next order!$/);
    expect(delivered?.vendorMessageId).toMatch(/\S/);

    // The same page again (a retried activity): nothing recorded, nothing sent, the vendor sees no new message.
    const again = await sendMessageBatch({ store, vendor: client }, smsNode(first, 'offer'), recipients.slice(0, 200));
    expect(again).toMatchObject({ recorded: 0, accepted: 0, alreadySent: 188 });
    // Sending the very messages to the vendor again: acknowledged as duplicates, never delivered twice.
    const resent = await client.send([{ messageId: delivered!.messageId, channel: 'sms', to: delivered!.to!, body: delivered!.body }]);
    expect(resent[0]).toMatchObject({ outcome: 'accepted', duplicate: true, vendorMessageId: delivered!.vendorMessageId });
    const after = vendorStatsSchema.parse(await (await vendorRequest(vendor, 'GET', '/v1/stats')).json());
    expect(after.uniqueMessages).toBe(288);
    expect(after.duplicatesSeen).toBeGreaterThan(stats.duplicatesSeen);
    expect((await settled(first)).totals).toEqual(a.totals);
  });

  it('applies a signed batch of duplicated, contradictory, unknown-id and mixed-campaign receipts exactly', async () => {
    const recipients = await storeRecipients(3, 20, 0);
    const quiet = createVendorClient({ baseUrl: vendor.url, apiKey: vendor.apiKey });
    const [first, second] = ['mix-first', 'mix-second'];
    await sendMessageBatch({ store, vendor: quiet }, smsNode(first, 'n1'), recipients.slice(0, 10));
    await sendMessageBatch({ store, vendor: quiet }, smsNode(second, 'n1'), recipients.slice(10));
    await settled(first);
    await settled(second);
    const before = [await deliveryOf(first), await deliveryOf(second)];

    const page = messagePageSchema.parse(await (await harness().marketer.request(`/api/campaigns/${first}/messages?status=FAILED`)).json());
    const deliveredPage = messagePageSchema.parse(await (await harness().marketer.request(`/api/campaigns/${second}/messages?status=DELIVERED`)).json());
    const failedId = page.messages[0]?.messageId;
    expect(failedId, 'the seeded vendor fails one of these ten').toBeDefined();
    const deliveredId = deliveredPage.messages[0]!.messageId;
    const at = new Date().toISOString();
    const receipts = [
      { messageId: deliveredId, status: 'DELIVERED', at },
      { messageId: deliveredId, status: 'DELIVERED', at },
      // A stale failure for a delivered message never moves it back.
      { messageId: deliveredId, status: 'FAILED', at: '2020-01-01T00:00:00.000Z', reason: 'late' },
      { messageId: `${first}:${'0'.repeat(24)}`, status: 'DELIVERED', at },
      { messageId: 'someone-elses-id', status: 'FAILED', at },
      // A failed message later reported delivered becomes DELIVERED: counted once, moved from failed.
      ...(failedId ? [{ messageId: failedId, status: 'DELIVERED', at }] : []),
    ];
    const body = JSON.stringify({ receipts });
    const refused = await fetch(`${harness().api.url}/api/delivery-receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders('not-the-secret', body) },
      body,
    });
    expect(refused.status).toBe(401);
    const accepted = await fetch(`${harness().api.url}/api/delivery-receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(developmentReceiptsSecret, body) },
      body,
    });
    expect(accepted.status).toBe(202);

    await expect
      .poll(async () => (await deliveryOf(first)).totals.delivered, { timeout: 20_000 })
      .toBe(before[0]!.totals.delivered + (failedId ? 1 : 0));
    const [afterFirst, afterSecond] = [await deliveryOf(first), await deliveryOf(second)];
    expect(afterFirst.totals.failed).toBe(before[0]!.totals.failed - (failedId ? 1 : 0));
    expect(afterSecond.totals).toEqual(before[1]!.totals);
    const stored = await harness().database.models.communicationLog.findById(deliveredId).lean();
    expect(stored?.status).toBe('DELIVERED');
    // The two receipts for ids Drumbeat never sent are counted where ops look.
    const metrics = await (await harness().marketer.request('/metrics')).text();
    expect(metrics).toMatch(/^drumbeat_receipts_unknown_total 2$/m);
  });
});
