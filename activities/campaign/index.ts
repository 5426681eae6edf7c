import { ApplicationFailure } from '@temporalio/common';
import type { Redis } from 'ioredis';
import type { Models } from '../../db/models.js';
import type { SegmentFieldSource } from '../../db/segment-fields.js';
import type { FlowNode } from '../../domain/flows/flow-document.js';
import { releaseAfterQuietHours } from '../../domain/flows/zoned-time.js';
import type { VendorClient } from '../../vendor/client.js';
import { snapshotAudience } from './audience-snapshot.js';
import { bucketByBestHour } from './best-hour.js';
import type { CampaignActivities } from './campaign-activity-types.js';
import { loadCampaignRun, setCampaignStatus } from './campaign-runs.js';
import type { FrequencyCap } from './frequency-cap.js';
import { sendChunk } from './send-chunk.js';
import { splitChunk } from './split-chunk.js';
import { tagChunk } from './tag-chunk.js';

/** What the campaign activities need: the database, Redis (shard locks, frequency cap), the vendor, the field registry. */
export interface CampaignDeps {
  models: Models;
  redis: Redis;
  vendor: VendorClient;
  fields: SegmentFieldSource;
  frequencyCap: FrequencyCap | null;
  /** How long sends are remembered for attributing the customers' orders (CONVERSION_WINDOW). */
  conversionWindowMs: number;
}

/** The activities of `campaignWorkflow` (see workflows/campaign-activities.ts for their timeouts and retries). */
export function createCampaignActivities(deps: CampaignDeps): CampaignActivities {
  /** A node of the pinned flow, of the type the workflow said; anything else is a permanent error. */
  async function nodeOf<Type extends FlowNode['type']>(campaignId: string, version: number, nodeId: string, type: Type): Promise<Extract<FlowNode, { type: Type }>> {
    const run = await loadCampaignRun(deps.models, campaignId, version);
    const node = run.flow.nodes.find((candidate) => candidate.id === nodeId);
    if (node?.type !== type) throw ApplicationFailure.nonRetryable(`version ${version} of campaign ${campaignId} has no ${type} node ${nodeId}`, 'InvalidFlow');
    return node as Extract<FlowNode, { type: Type }>;
  }

  return {
    loadCampaignRun: ({ campaignId, version }) => loadCampaignRun(deps.models, campaignId, version),
    setCampaignStatus: ({ campaignId, status, reason }) => setCampaignStatus(deps.models, campaignId, status, reason),
    async snapshotAudience({ campaignId, version, nodeId, asOf }) {
      const node = await nodeOf(campaignId, version, nodeId, 'audience');
      return snapshotAudience(deps, { campaignId, nodeId, source: node.source, asOf });
    },
    async sendChunk({ campaignId, version, nodeId, chunkId }) {
      const node = await nodeOf(campaignId, version, nodeId, 'message');
      return sendChunk(deps, { campaignId, node, chunkId });
    },
    async splitChunk({ campaignId, version, nodeId, chunkId, enteredAt, arrivedAt, now }) {
      const node = await nodeOf(campaignId, version, nodeId, 'split');
      return splitChunk(deps, { campaignId, node, chunkId, enteredAt, arrivedAt, now });
    },
    async tagChunk({ campaignId, version, nodeId, chunkId }) {
      const node = await nodeOf(campaignId, version, nodeId, 'tag');
      return tagChunk(deps.models, { node, chunkId });
    },
    async bucketByBestHour({ campaignId, version, nodeId, chunkId, now }) {
      const node = await nodeOf(campaignId, version, nodeId, 'wait');
      return bucketByBestHour(deps.models, { campaignId, node, chunkId, now });
    },
    releaseAfterQuietHours: async ({ at, quietHours }) => releaseAfterQuietHours(at, quietHours),
  };
}
