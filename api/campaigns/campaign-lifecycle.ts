import { setTimeout as delay } from 'node:timers/promises';
import type { Model, Types } from 'mongoose';
import type { CampaignActor, CampaignDocument } from '../../db/models/campaign.js';
import { campaignVersionId, type CampaignVersionDocument } from '../../db/models/campaign-version.js';
import { isFinished, type CampaignStatus } from '../../domain/campaigns/campaign-status.js';
import { campaignFinished, campaignNotRunning, campaignRunning, conflict, notFound } from '../../http/errors/catalogue.js';
import { isDuplicateKeyError } from '../../http/errors/middleware.js';
import type { CampaignFlowCheck } from './campaign-flow-check.js';
import { temporalUnavailable, type CampaignSignal, type CampaignWorkflows } from './campaign-workflows.js';

// Where a campaign's status changes at the API's hand: launch (pin a version, start the workflow),
// signals, and cancelling a campaign that has not started. Past the launch, the workflow reports its
// own status (activities/campaign/campaign-runs.ts); the API writes status only at a launch, when it
// rolls a failed launch back, and when it cancels a workflow that never ran or has vanished.

export interface CampaignLifecycleDeps {
  campaigns: Model<CampaignDocument>;
  campaignVersions: Model<CampaignVersionDocument>;
  flows: CampaignFlowCheck;
  workflows: CampaignWorkflows;
  now: () => Date;
}

/** What a launch did: `started` is false for a repeated launch that found the workflow under way. */
export interface LaunchOutcome {
  campaign: CampaignDocument;
  started: boolean;
}

const live: CampaignStatus[] = ['scheduled', 'running', 'paused'];
const raceRetries = 20;
const raceRetryMs = 50;

/** Launching and steering campaigns; every method takes the campaign as just read. */
export function createCampaignLifecycle(deps: CampaignLifecycleDeps) {
  async function reread(id: Types.ObjectId): Promise<CampaignDocument> {
    const campaign = await deps.campaigns.findById(id).lean<CampaignDocument>();
    if (!campaign) throw notFound('No such campaign.');
    return campaign;
  }

  function refuseUnlaunchable(campaign: CampaignDocument): void {
    if (campaign.status === 'running' || campaign.status === 'paused') throw campaignRunning();
    if (isFinished(campaign.status)) throw campaignFinished(campaign.status);
  }

  /**
   * A launch that lost a race with another is answered by what that one did. The winner marks the
   * campaign scheduled right after pinning its version, so the loser waits a moment for that.
   */
  async function afterConcurrentLaunch(id: Types.ObjectId): Promise<LaunchOutcome> {
    for (let attempt = 0; ; attempt += 1) {
      const campaign = await reread(id);
      refuseUnlaunchable(campaign);
      if (campaign.status !== 'draft') return { campaign, started: false };
      if (attempt >= raceRetries) throw conflict('Another launch of this campaign is under way; retry in a moment.');
      await delay(raceRetryMs);
    }
  }

  /**
   * A scheduled campaign whose workflow is missing (the process stopped between pinning and starting)
   * gets it now; otherwise nothing happens. Either way the answer is the same: it is scheduled.
   */
  async function ensureStarted(campaign: CampaignDocument): Promise<LaunchOutcome> {
    const campaignId = campaign._id.toHexString();
    try {
      if (!(await deps.workflows.exists(campaignId)) && campaign.launchedVersion !== null) {
        const startAt = new Date(Math.max(campaign.scheduledAt?.getTime() ?? 0, deps.now().getTime()));
        await deps.workflows.start({ campaignId, version: campaign.launchedVersion, name: campaign.name, tags: campaign.tags, startAt });
      }
    } catch (error) {
      throw temporalUnavailable(error);
    }
    return { campaign, started: false };
  }

  /**
   * Pins the draft as the next version, marks the campaign scheduled, and starts its workflow. The
   * version document is inserted first and is the lock: of two launches at once only one inserts
   * number N. A start that fails rolls the campaign's fields back; the version stays, unreferenced,
   * so its number is never reused by a different flow (the start may have succeeded unseen).
   */
  async function pinAndStart(campaign: CampaignDocument, startAt: Date, actor: CampaignActor): Promise<LaunchOutcome> {
    const campaignId = campaign._id.toHexString();
    const flow = await deps.flows.check(campaign.draft, 'draft', startAt);
    const version = campaign.versionCount + 1;
    const versionId = campaignVersionId(campaignId, version);
    try {
      await deps.campaignVersions.create({ _id: versionId, campaignId, version, flow, createdBy: actor, createdAt: deps.now() });
    } catch (error) {
      if (isDuplicateKeyError(error)) return afterConcurrentLaunch(campaign._id);
      throw error;
    }
    const claimed = await deps.campaigns
      .findOneAndUpdate(
        { _id: campaign._id, status: 'draft', versionCount: campaign.versionCount },
        { $set: { status: 'scheduled', launchedVersion: version, versionCount: version, scheduledAt: startAt } },
        { returnDocument: 'after' },
      )
      .lean<CampaignDocument>();
    if (!claimed) {
      await deps.campaignVersions.deleteOne({ _id: versionId });
      return afterConcurrentLaunch(campaign._id);
    }
    try {
      await deps.workflows.start({ campaignId, version, name: claimed.name, tags: claimed.tags, startAt });
    } catch (error) {
      // An answer lost on the way back may hide a start that happened: then the launch stands.
      if (await deps.workflows.exists(campaignId).catch(() => false)) return { campaign: claimed, started: true };
      await deps.campaigns.updateOne(
        { _id: campaign._id, status: 'scheduled', launchedVersion: version },
        { $set: { status: campaign.status, launchedVersion: campaign.launchedVersion, scheduledAt: campaign.scheduledAt } },
      );
      throw temporalUnavailable(error);
    }
    return { campaign: claimed, started: true };
  }

  /** Records a status the workflow can no longer report (it never ran, or it vanished), unless one is final already. */
  async function recordCancelled(campaign: CampaignDocument): Promise<void> {
    await deps.campaigns.updateOne({ _id: campaign._id, status: { $in: live } }, { $set: { status: 'cancelled', finishedAt: deps.now() } });
  }

  async function signal(campaign: CampaignDocument, which: CampaignSignal): Promise<'signalled' | 'gone'> {
    try {
      return await deps.workflows.signal(campaign._id.toHexString(), which);
    } catch (error) {
      throw temporalUnavailable(error);
    }
  }

  /** Refuses steering a campaign that is not running: 409 naming why. */
  function refuseUnlessRunning(campaign: CampaignDocument, action: 'paused' | 'resumed'): void {
    if (isFinished(campaign.status)) throw campaignFinished(campaign.status);
    if (campaign.status === 'draft') throw campaignNotRunning(`The campaign is a draft; launch it first. Only a running campaign can be ${action}.`);
    if (campaign.status === 'scheduled') throw campaignNotRunning(`The campaign has not started yet; only a running campaign can be ${action}. Cancel it instead, or wait until it runs.`);
  }

  return {
    /** Launches a draft (at `startAt`, now or later); a repeated launch of a scheduled one starts nothing; 409 once running or ended. */
    async launch(campaign: CampaignDocument, startAt: Date, actor: CampaignActor): Promise<LaunchOutcome> {
      refuseUnlaunchable(campaign);
      if (campaign.status === 'scheduled') return ensureStarted(campaign);
      return pinAndStart(campaign, startAt, actor);
    },

    /** Sends pause or resume to a running (or paused) campaign: both are idempotent in the workflow. */
    async steer(campaign: CampaignDocument, which: 'pause' | 'resume'): Promise<CampaignDocument> {
      refuseUnlessRunning(campaign, which === 'pause' ? 'paused' : 'resumed');
      if ((await signal(campaign, which)) === 'gone') {
        throw campaignNotRunning('The campaign\'s workflow is no longer running in Temporal; it can no longer be steered.');
      }
      return reread(campaign._id);
    },

    /**
     * Cancels: a running or paused campaign by signal (it finishes what is in flight and reports
     * `cancelled` itself); a scheduled one whose workflow has not run yet is terminated in Temporal and
     * recorded as cancelled here. A workflow that vanished is recorded as cancelled too.
     */
    async cancel(campaign: CampaignDocument): Promise<CampaignDocument> {
      if (isFinished(campaign.status)) throw campaignFinished(campaign.status);
      if (campaign.status === 'draft') throw campaignNotRunning('The campaign is a draft and was never launched; delete it instead.');
      const campaignId = campaign._id.toHexString();
      let started = campaign.status !== 'scheduled';
      if (!started) {
        try {
          started = (await deps.workflows.cancelBeforeStart(campaignId)) === 'started';
        } catch (error) {
          throw temporalUnavailable(error);
        }
      }
      if (!started || (await signal(campaign, 'cancel')) === 'gone') await recordCancelled(campaign);
      return reread(campaign._id);
    },
  };
}

/** Launching and steering campaigns. */
export type CampaignLifecycle = ReturnType<typeof createCampaignLifecycle>;
