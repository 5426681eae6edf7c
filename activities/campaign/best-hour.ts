import type { Types } from 'mongoose';
import { findByIds } from '../../db/find-by-ids.js';
import type { CustomerLedgerDocument } from '../../db/models/customer-ledger.js';
import type { Models } from '../../db/models.js';
import type { WaitNode } from '../../domain/flows/flow-document.js';
import { busiestLocalHour, nextLocalHour, releaseAfterQuietHours } from '../../domain/flows/zoned-time.js';
import type { RoutedChunk } from './campaign-activity-types.js';
import { derivedChunkId, readChunk, writeChunks } from './campaign-chunks.js';

/**
 * A best-hour wait over one chunk: each member's best hour is the local hour (in the wait's zone) at
 * which most of their orders were placed, from their ledger; members without orders get the fallback
 * hour. Members are grouped by when that hour next comes (never later than `withinHours`, and after
 * quiet hours), one chunk per release time, so each group moves on at its own durable timer.
 */
export async function bucketByBestHour(models: Pick<Models, 'customerLedgers' | 'campaignChunks'>, input: { campaignId: string; node: WaitNode; chunkId: string; now: number }): Promise<RoutedChunk[]> {
  const wait = input.node.wait;
  if (wait.kind !== 'bestHour') throw new Error(`node ${input.node.id} is not a best-hour wait`);
  const members = await readChunk(models, input.chunkId);
  const ledgers = await findByIds<Pick<CustomerLedgerDocument, '_id' | 'entries'>>(models.customerLedgers, members, { entries: 1 });
  const orderTimes = new Map(ledgers.map((ledger) => [ledger._id.toHexString(), Object.values(ledger.entries ?? {}).map((entry) => entry.at.getTime())]));
  const latest = input.now + wait.withinHours * 3_600_000;

  const byRelease = new Map<number, { hour: number; members: Types.ObjectId[] }>();
  for (const member of members) {
    const hour = busiestLocalHour(orderTimes.get(member.toHexString()) ?? [], wait.timeZone) ?? wait.fallbackHour;
    let releaseAt = Math.min(nextLocalHour(input.now, hour, wait.timeZone), latest);
    if (input.node.quietHours) releaseAt = releaseAfterQuietHours(releaseAt, input.node.quietHours);
    const bucket = byRelease.get(releaseAt) ?? { hour, members: [] };
    bucket.members.push(member);
    byRelease.set(releaseAt, bucket);
  }
  const outputs = [...byRelease].map(([releaseAt, bucket]) => ({
    chunkId: derivedChunkId(input.campaignId, input.node.id, input.chunkId, `h${bucket.hour}-${releaseAt}`),
    members: bucket.members,
    size: bucket.members.length,
    releaseAt,
  }));
  await writeChunks(models, input.campaignId, input.node.id, outputs);
  return outputs.map(({ chunkId, size, releaseAt }) => ({ chunkId, size, releaseAt, branch: '' }));
}
