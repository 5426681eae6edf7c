import { Types, type Model } from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { CommunicationLogDocument } from '../db/models/communication-log.js';
import { useTestDatabase } from '../test/helpers/database.js';
import { useTestRedis } from '../test/helpers/redis.js';
import { applyMessageUpdates, type DeliveryStore } from './apply-message-updates.js';
import { readCampaignCounters } from './campaign-counters.js';
import { sweepJournals } from './journal-sweeper.js';
import { messageIdOf } from './message-id.js';
import type { MessageUpdate } from './plan-round.js';

const database = useTestDatabase();
const redis = useTestRedis();
const store = (): DeliveryStore => ({ models: database().models, redis });
let campaigns = 0;
const newCampaignId = (): string => `c${Date.now().toString(36)}${(campaigns += 1)}`;

function newMessage(campaignId: string, nodeId: string, index: number, skip = false): MessageUpdate {
  const customerId = new Types.ObjectId();
  const messageId = messageIdOf(campaignId, nodeId, customerId.toHexString());
  const now = new Date();
  const create: CommunicationLogDocument = {
    _id: messageId,
    campaignId,
    nodeId,
    customerId,
    channel: 'sms',
    to: skip ? null : `+9198765${String(index).padStart(5, '0')}`,
    subject: null,
    body: `Hi customer ${index}, here's 10% off on your next order!`,
    status: skip ? 'SKIPPED' : 'PENDING',
    skipReason: skip ? 'No phone number' : null,
    failureReason: null,
    vendorMessageId: null,
    queuedAt: now,
    sentAt: null,
    deliveredAt: null,
    failedAt: null,
    updatedAt: now,
  };
  return { messageId, create };
}

const sent = (messageId: string): MessageUpdate => ({ messageId, change: { kind: 'sent', at: new Date(), vendorMessageId: `vm_${messageId.slice(-6)}` } });
const receipt = (messageId: string, status: 'DELIVERED' | 'FAILED', reason?: string): MessageUpdate => ({
  messageId,
  change: { kind: 'receipt', status, at: new Date(), reason },
});

async function statusesOf(campaignId: string): Promise<Record<string, number>> {
  const rows = await database().models.communicationLog.find({ campaignId }, { status: 1 }).lean();
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return counts;
}

describe('applying message updates to the communication log and counters', () => {
  it('records each message once, however often it is recorded, and counts skipped ones apart', async () => {
    const campaignId = newCampaignId();
    const creates = [...Array.from({ length: 30 }, (_, i) => newMessage(campaignId, 'sms-1', i)), newMessage(campaignId, 'sms-1', 99, true)];
    const first = await applyMessageUpdates(store(), creates);
    const again = await applyMessageUpdates(store(), creates);
    expect([first.created, again.created, again.changed]).toEqual([31, 0, 0]);
    const counters = await readCampaignCounters(database().models, campaignId);
    expect(counters?.totals).toEqual({ audience: 31, pending: 30, inFlight: 0, sent: 0, delivered: 0, failed: 0, skipped: 1 });
    expect(counters?.nodes['sms-1']).toEqual(counters?.totals);
    expect(await statusesOf(campaignId)).toEqual({ PENDING: 30, SKIPPED: 1 });
  });

  it('ends duplicated, reordered, unknown-id and mixed-campaign receipts in the right statuses and exact counters', async () => {
    const [first, second] = [newCampaignId(), newCampaignId()];
    const a = Array.from({ length: 40 }, (_, i) => newMessage(first, 'welcome', i));
    const b = Array.from({ length: 20 }, (_, i) => newMessage(second, i % 2 === 0 ? 'left' : 'right', i));
    await applyMessageUpdates(store(), [...a, ...b]);
    await applyMessageUpdates(store(), [...a, ...b].map((message) => sent(message.messageId)));

    const idsA = a.map((message) => message.messageId);
    const idsB = b.map((message) => message.messageId);
    const mixed: MessageUpdate[] = [
      // first campaign: 30 delivered, 10 failed; some FAILED arrive before a later DELIVERED for the same message
      ...idsA.slice(0, 30).map((id) => receipt(id, 'DELIVERED')),
      ...idsA.slice(25, 30).map((id) => receipt(id, 'FAILED', 'Handset unreachable')),
      ...idsA.slice(30).map((id) => receipt(id, 'FAILED', 'Invalid number')),
      // second campaign, interleaved: all delivered, each twice
      ...idsB.flatMap((id) => [receipt(id, 'DELIVERED'), receipt(id, 'DELIVERED')]),
      // ids nobody sent
      receipt(`${first}:${'f'.repeat(24)}`, 'DELIVERED'),
      receipt('not-a-drumbeat-id', 'FAILED'),
    ];
    const outcome = await applyMessageUpdates(store(), mixed.reverse());
    expect(outcome.unknown.sort()).toEqual([`${first}:${'f'.repeat(24)}`, 'not-a-drumbeat-id'].sort());
    // The whole batch again, as after a crash before XACK: nothing more is counted.
    const replay = await applyMessageUpdates(store(), mixed);
    expect(replay.changed).toBe(0);

    expect(await statusesOf(first)).toEqual({ DELIVERED: 30, FAILED: 10 });
    expect(await statusesOf(second)).toEqual({ DELIVERED: 20 });
    const countersA = await readCampaignCounters(database().models, first);
    expect(countersA?.totals).toEqual({ audience: 40, pending: 0, inFlight: 0, sent: 40, delivered: 30, failed: 10, skipped: 0 });
    const countersB = await readCampaignCounters(database().models, second);
    expect(countersB?.nodes).toEqual({
      left: { audience: 10, pending: 0, inFlight: 0, sent: 10, delivered: 10, failed: 0, skipped: 0 },
      right: { audience: 10, pending: 0, inFlight: 0, sent: 10, delivered: 10, failed: 0, skipped: 0 },
    });
    const failedRow = await database().models.communicationLog.findById(idsA[35]).lean();
    expect(failedRow).toMatchObject({ status: 'FAILED', failureReason: 'Invalid number' });
  });

  it('finishes a round whose writer died after counting, and the replay counts nothing twice', async () => {
    const campaignId = newCampaignId();
    const creates = Array.from({ length: 12 }, (_, i) => newMessage(campaignId, 'sms', i));
    await applyMessageUpdates(store(), creates);
    const receipts = creates.map((message) => receipt(message.messageId, 'DELIVERED'));

    // A writer that dies right after its counter update: its message writes never reach the database.
    const dying = (model: Model<CommunicationLogDocument>): Model<CommunicationLogDocument> =>
      new Proxy(model, {
        get: (target, property, receiver) =>
          property === 'bulkWrite' ? () => Promise.reject(new Error('killed')) : (Reflect.get(target, property, receiver) as unknown),
      });
    const crashing: DeliveryStore = { ...store(), models: { ...database().models, communicationLog: dying(database().models.communicationLog) } };
    await expect(applyMessageUpdates(crashing, receipts)).rejects.toThrow('killed');
    expect(await statusesOf(campaignId)).toEqual({ PENDING: 12 });
    expect((await readCampaignCounters(database().models, campaignId))?.totals.delivered).toBe(12);

    // The sweeper (or the next round on the shard) stores what the journal holds; the redelivered batch changes nothing.
    expect(await sweepJournals(store())).toBeGreaterThan(0);
    expect(await statusesOf(campaignId)).toEqual({ DELIVERED: 12 });
    const replay = await applyMessageUpdates(store(), receipts);
    expect(replay.changed).toBe(0);
    const totals = (await readCampaignCounters(database().models, campaignId))?.totals;
    expect(totals).toEqual({ audience: 12, pending: 0, inFlight: 0, sent: 12, delivered: 12, failed: 0, skipped: 0 });
    const shards = await database().models.deliveryCounters.find({ campaignId }).lean();
    expect(shards.every((shard) => Object.keys(shard.journal ?? {}).length === 0)).toBe(true);
  });

  it('stores a send cut short as PENDING, counted once, and a retry stores each message once in its final state', async () => {
    const campaignId = newCampaignId();
    const creates = Array.from({ length: 16 }, (_, i) => newMessage(campaignId, 'sms', i));
    const sentChanges = (states: Map<string, unknown>): MessageUpdate[] => [...states.keys()].map((id) => sent(id));
    // The vendor call fails (an outage): nothing was sent, the messages are recorded as PENDING.
    await expect(applyMessageUpdates(store(), creates, () => Promise.reject(new Error('vendor down')))).rejects.toThrow('vendor down');
    expect(await statusesOf(campaignId)).toEqual({ PENDING: 16 });
    expect((await readCampaignCounters(database().models, campaignId))?.totals).toMatchObject({ audience: 16, pending: 16, sent: 0 });

    // The retry finds them PENDING, sends them, and stores SENT; a second retry has nothing left to send.
    let offered = 0;
    const retry = await applyMessageUpdates(store(), creates, async (states) => {
      const pendingIds = [...states].filter(([, state]) => state.status === 'PENDING');
      offered += pendingIds.length;
      return sentChanges(new Map(pendingIds));
    });
    expect([retry.created, retry.changed, offered]).toEqual([0, 16, 16]);
    offered = 0;
    await applyMessageUpdates(store(), creates, async (states) => {
      offered += [...states.values()].filter((state) => state.status === 'PENDING').length;
      return [];
    });
    expect(offered).toBe(0);
    expect(await statusesOf(campaignId)).toEqual({ SENT: 16 });
    expect((await readCampaignCounters(database().models, campaignId))?.totals).toEqual({
      audience: 16, pending: 0, inFlight: 16, sent: 16, delivered: 0, failed: 0, skipped: 0,
    });
  });

  it('inserts new messages once, already in their final state, when the step answers at once', async () => {
    const campaignId = newCampaignId();
    const creates = Array.from({ length: 10 }, (_, i) => newMessage(campaignId, 'sms', i));
    const outcome = await applyMessageUpdates(store(), creates, async (states) => [...states.keys()].map((id) => sent(id)));
    expect([outcome.created, outcome.changed]).toEqual([10, 0]);
    expect(await statusesOf(campaignId)).toEqual({ SENT: 10 });
    expect((await readCampaignCounters(database().models, campaignId))?.totals).toMatchObject({ audience: 10, pending: 0, inFlight: 10, sent: 10 });
  });
});
