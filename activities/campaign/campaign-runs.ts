import { ApplicationFailure } from '@temporalio/common';
import { campaignVersionId } from '../../db/models/campaign-version.js';
import type { Models } from '../../db/models.js';
import { isFinished, type CampaignStatus } from '../../domain/campaigns/campaign-status.js';
import { flowDocumentSchema } from '../../domain/flows/flow-document.js';
import type { CampaignRun } from './campaign-activity-types.js';

type RunModels = Pick<Models, 'campaigns' | 'campaignVersions'>;

/** Pinned versions never change, so each worker reads one at most once. */
const cache = new Map<string, Promise<CampaignRun>>();
const cacheLimit = 200;

/**
 * The campaign's pinned flow version, parsed again (a stored document is input like any other). A
 * missing or malformed version is permanent: a non-retryable `InvalidFlow`, which fails the workflow.
 */
export function loadCampaignRun(models: RunModels, campaignId: string, version: number): Promise<CampaignRun> {
  const key = campaignVersionId(campaignId, version);
  let run = cache.get(key);
  if (!run) {
    run = readRun(models, campaignId, version);
    run.catch(() => cache.delete(key));
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value ?? '');
    cache.set(key, run);
  }
  return run;
}

async function readRun(models: RunModels, campaignId: string, version: number): Promise<CampaignRun> {
  const [campaign, stored] = await Promise.all([
    models.campaigns.findById(campaignId, { name: 1, tags: 1 }).lean(),
    models.campaignVersions.findById(campaignVersionId(campaignId, version)).lean(),
  ]);
  if (!campaign || !stored) throw ApplicationFailure.nonRetryable(`campaign ${campaignId} has no version ${version}`, 'InvalidFlow');
  const parsed = flowDocumentSchema.safeParse(stored.flow);
  if (!parsed.success) {
    throw ApplicationFailure.nonRetryable(`version ${version} of campaign ${campaignId} is not a valid flow: ${parsed.error.issues[0]?.message ?? ''}`, 'InvalidFlow');
  }
  return { name: campaign.name, tags: campaign.tags, flow: parsed.data };
}

/**
 * Records the campaign's status as the workflow reports it, with when it started and ended. A finished
 * campaign keeps its final status: a late report (a retried activity) cannot reopen it.
 */
export async function setCampaignStatus(models: Pick<Models, 'campaigns'>, campaignId: string, status: CampaignStatus, reason?: string): Promise<void> {
  const now = new Date();
  const set: Record<string, unknown> = { status };
  if (isFinished(status)) set.finishedAt = now;
  if (status === 'failed') set.failureReason = reason ?? 'unknown failure';
  const campaign = await models.campaigns.findById(campaignId, { status: 1, startedAt: 1 }).lean();
  if (!campaign || (isFinished(campaign.status) && campaign.status !== status)) return;
  if (status === 'running' && !campaign.startedAt) set.startedAt = now;
  await models.campaigns.updateOne({ _id: campaignId }, { $set: set });
}
