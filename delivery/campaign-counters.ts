import { findByIds } from '../db/find-by-ids.js';
import type { DeliveryCountersDocument } from '../db/models/delivery-counters.js';
import type { Models } from '../db/models.js';
import { addCounters, zeroCounters, type DeliveryCounters } from '../domain/delivery/delivery-counters.js';
import { shardIdOf } from './apply-message-updates.js';
import { counterShards } from './message-id.js';

/** A campaign's counters, summed over its shards. */
export interface CampaignCounters {
  totals: DeliveryCounters;
  nodes: Record<string, DeliveryCounters>;
  updatedAt: Date | null;
}

/** Reads a campaign's counters (its few shard documents, by id); null when it has recorded no message. */
export async function readCampaignCounters(models: Pick<Models, 'deliveryCounters'>, campaignId: string): Promise<CampaignCounters | null> {
  const ids = Array.from({ length: counterShards }, (_, shard) => shardIdOf(campaignId, shard));
  const shards = await findByIds<DeliveryCountersDocument>(models.deliveryCounters, ids, { totals: 1, nodes: 1, updatedAt: 1 });
  if (shards.length === 0) return null;
  const counters: CampaignCounters = { totals: zeroCounters(), nodes: {}, updatedAt: null };
  for (const shard of shards) {
    addCounters(counters.totals, shard.totals ?? {});
    for (const [nodeId, nodeCounters] of Object.entries(shard.nodes ?? {})) {
      counters.nodes[nodeId] = addCounters(counters.nodes[nodeId] ?? zeroCounters(), nodeCounters);
    }
    if (!counters.updatedAt || shard.updatedAt > counters.updatedAt) counters.updatedAt = shard.updatedAt;
  }
  return counters;
}
