import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { developmentReceiptsSecret } from '../../config/auth.js';
import type { CommunicationLogDocument } from '../../db/models/communication-log.js';
import { openDatabase, type Database } from '../../db/open.js';
import { applyMessageUpdates, type DeliveryStore } from '../../delivery/apply-message-updates.js';
import { readCampaignCounters } from '../../delivery/campaign-counters.js';
import { messageIdOf } from '../../delivery/message-id.js';
import type { MessageUpdate } from '../../delivery/plan-round.js';
import { deadLetterStream } from '../../streams/consumer-runner.js';
import { RedisConnections } from '../../streams/redis.js';
import { createLogger } from '../../observability/logger.js';
import { signatureHeaders } from '../../http/signed-payload.js';
import { useTestApi } from '../helpers/api.js';
import { killHard, useConsumersProcesses } from '../helpers/consumers-process.js';
import { freshDatabaseUri } from '../helpers/database.js';
import { testServices } from '../helpers/services.js';

// The receipts consumer killed with SIGKILL in the middle of applying 15,000 receipts (duplicated,
// contradictory, shuffled), and a replacement taking over: every counter ends exact.

const messages = 6_000;
const campaignId = 'crash-campaign';
const redisKeyPrefix = `test:${randomUUID().slice(0, 8)}:`;
let mongoUri = '';
const api = useTestApi(() => {
  mongoUri = freshDatabaseUri().uri;
  return { MONGODB_URI: mongoUri, REDIS_KEY_PREFIX: redisKeyPrefix };
});
const startConsumersProcess = useConsumersProcesses(() => ({ mongoUri, redisKeyPrefix }));

let database: Database;
let connections: RedisConnections;
let store: DeliveryStore;
beforeAll(async () => {
  database = await openDatabase(mongoUri);
  connections = new RedisConnections(testServices().redisUrl, createLogger({ role: 'test', level: 'silent' }), redisKeyPrefix);
  store = { models: database.models, redis: connections.get('commands') };
});
afterAll(async () => {
  await connections.close();
  await database.connection.dropDatabase();
  await database.close();
});

/** Message i: on node "a" or "b"; every tenth fails, the rest are delivered. */
const nodeOf = (i: number): string => (i % 2 === 0 ? 'a' : 'b');
const failsFor = (i: number): boolean => i % 10 === 0;

function recordOf(i: number): CommunicationLogDocument {
  const customerId = new Types.ObjectId((0xc0ffee000000 + i).toString(16).padStart(24, '0'));
  const now = new Date();
  return {
    _id: messageIdOf(campaignId, nodeOf(i), customerId.toHexString()),
    campaignId,
    nodeId: nodeOf(i),
    customerId,
    channel: 'sms',
    to: `+9190000${String(i).padStart(5, '0')}`,
    subject: null,
    body: `Hi customer ${i}`,
    status: 'PENDING',
    skipReason: null,
    failureReason: null,
    vendorMessageId: null,
    queuedAt: now,
    sentAt: null,
    deliveredAt: null,
    failedAt: null,
    updatedAt: now,
  };
}

/** Each message's receipt, a third of them twice, and a stale FAILED before some deliveries; shuffled by a fixed rule. */
function receiptsFor(records: CommunicationLogDocument[]): unknown[] {
  const receipts: Array<{ messageId: string; status: string; at: string; reason?: string }> = [];
  records.forEach((record, i) => {
    const at = new Date(Date.UTC(2026, 10, 1, 12, 0, i % 60)).toISOString();
    const final = failsFor(i) ? { messageId: record._id, status: 'FAILED', at, reason: 'Handset unreachable' } : { messageId: record._id, status: 'DELIVERED', at };
    receipts.push(final);
    if (i % 3 === 0) receipts.push(final);
    if (!failsFor(i) && i % 7 === 0) receipts.push({ messageId: record._id, status: 'FAILED', at: '2026-11-01T11:00:00.000Z', reason: 'Temporary failure' });
  });
  // A fixed permutation: receipts of one message land in different batches and out of order.
  return receipts.map((receipt, index) => ({ receipt, key: (index * 7_919) % receipts.length })).sort((a, b) => a.key - b.key).map(({ receipt }) => receipt);
}

async function postReceipts(receipts: unknown[]): Promise<void> {
  for (let start = 0; start < receipts.length; start += 1_000) {
    const body = JSON.stringify({ receipts: receipts.slice(start, start + 1_000) });
    const response = await fetch(`${api().url}/api/delivery-receipts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signatureHeaders(developmentReceiptsSecret, body) },
      body,
    });
    expect(response.status).toBe(202);
  }
}

const applied = async (): Promise<number> => {
  const totals = (await readCampaignCounters(database.models, campaignId))?.totals;
  return (totals?.delivered ?? 0) + (totals?.failed ?? 0);
};

describe('a receipts consumer killed with SIGKILL mid-batch', () => {
  it('ends with exact counters once a replacement takes over', async () => {
    const records = Array.from({ length: messages }, (_, i) => recordOf(i));
    const sent = (ids: string[]): MessageUpdate[] => ids.map((messageId) => ({ messageId, change: { kind: 'sent', at: new Date(), vendorMessageId: `vm-${messageId.slice(-8)}` } }));
    await applyMessageUpdates(store, records.map((record) => ({ messageId: record._id, create: record })), async (states) => sent([...states.keys()]));
    const receipts = receiptsFor(records);

    const doomed = startConsumersProcess('receipts-doomed');
    await postReceipts(receipts);
    while ((await applied()) < messages * 0.2) await sleep(50);
    await killHard(doomed);
    const atKill = await applied();
    expect(atKill).toBeLessThan(messages);

    startConsumersProcess('receipts-replacement');
    const deadline = Date.now() + 150_000;
    while ((await applied()) < messages && Date.now() < deadline) await sleep(250);
    // Let the replacement read and apply every entry, the duplicates after the final receipts included.
    const redis = store.redis;
    const streamKey = `${redisKeyPrefix}receipts`;
    for (;;) {
      const stream = (await redis.xinfo('STREAM', streamKey)) as unknown[];
      const groups = (await redis.xinfo('GROUPS', streamKey)) as unknown[][];
      const group = groups[0] ?? [];
      const lastAdded = stream[stream.indexOf('last-generated-id') + 1];
      const lastDelivered = group[group.indexOf('last-delivered-id') + 1];
      const pending = group[group.indexOf('pending') + 1];
      if (lastAdded === lastDelivered && pending === 0) break;
      if (Date.now() > deadline) throw new Error(`receipts not all applied: ${JSON.stringify({ lastAdded, lastDelivered, pending })}`);
      await sleep(250);
    }

    const failed = records.filter((_, i) => failsFor(i)).length;
    const counters = await readCampaignCounters(database.models, campaignId);
    expect(counters?.totals).toEqual({ audience: messages, pending: 0, inFlight: 0, sent: messages, delivered: messages - failed, failed, skipped: 0 });
    expect(counters?.nodes.a).toEqual({ audience: messages / 2, pending: 0, inFlight: 0, sent: messages / 2, delivered: messages / 2 - failed, failed, skipped: 0 });
    expect(await database.models.communicationLog.countDocuments({ campaignId, status: 'DELIVERED' })).toBe(messages - failed);
    expect(await database.models.communicationLog.countDocuments({ campaignId, status: 'FAILED' })).toBe(failed);
    expect(await redis.xlen(deadLetterStream('receipts'))).toBe(0);
    const shards = await database.models.deliveryCounters.find({ campaignId }).lean();
    expect(shards.every((shard) => Object.keys(shard.journal ?? {}).length === 0)).toBe(true);
  }, 240_000);
});
