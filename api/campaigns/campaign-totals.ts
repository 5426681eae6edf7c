import { findByIds } from '../../db/find-by-ids.js';
import type { CampaignVersionDocument } from '../../db/models/campaign-version.js';
import { campaignVersionId } from '../../db/models/campaign-version.js';
import type { DeliveryCountersDocument } from '../../db/models/delivery-counters.js';
import type { Models } from '../../db/models.js';
import { shardIdOf } from '../../delivery/apply-message-updates.js';
import { counterShards } from '../../delivery/message-id.js';
import { addCounters, zeroCounters, type DeliveryCounters } from '../../domain/delivery/delivery-counters.js';

// A page of the history list needs each campaign's totals and launch time: read for the whole page in
// one batch each (a page is at most a hundred campaigns, so four hundred counter shards), never one
// query per campaign.

/** The message totals of each campaign that has recorded any, summed over its counter shards. */
export async function readCampaignTotals(models: Pick<Models, 'deliveryCounters'>, campaignIds: readonly string[]): Promise<Map<string, DeliveryCounters>> {
  const ids = campaignIds.flatMap((campaignId) => Array.from({ length: counterShards }, (_, shard) => shardIdOf(campaignId, shard)));
  const shards = await findByIds<DeliveryCountersDocument>(models.deliveryCounters, ids, { campaignId: 1, totals: 1 });
  const totals = new Map<string, DeliveryCounters>();
  for (const shard of shards) totals.set(shard.campaignId, addCounters(totals.get(shard.campaignId) ?? zeroCounters(), shard.totals ?? {}));
  return totals;
}

/** When each launched campaign's running version was pinned, by campaign id. */
export async function readLaunchTimes(
  models: Pick<Models, 'campaignVersions'>,
  launched: ReadonlyArray<{ campaignId: string; version: number }>,
): Promise<Map<string, Date>> {
  const versions = await findByIds<CampaignVersionDocument>(
    models.campaignVersions,
    launched.map(({ campaignId, version }) => campaignVersionId(campaignId, version)),
    { campaignId: 1, createdAt: 1 },
  );
  return new Map(versions.map((version) => [version.campaignId, version.createdAt]));
}
