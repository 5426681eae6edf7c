import { Types } from 'mongoose';
import type { CampaignDocument } from '../../db/models/campaign.js';
import { campaignVersionId, type CampaignVersionDocument } from '../../db/models/campaign-version.js';
import type { Models } from '../../db/models.js';
import { readCampaignCounters } from '../../delivery/campaign-counters.js';
import { readCampaignConversions } from '../../delivery/conversions.js';
import type { AuditAction, AuditActor } from '../../domain/auth/schemas.js';
import {
  campaignLimits,
  type CampaignDetail,
  type CampaignListItem,
  type CampaignListQuery,
  type CampaignPage,
  type CreateCampaign,
  type LaunchRequest,
  type UpdateCampaign,
} from '../../domain/campaigns/campaign-api.js';
import { isFinished } from '../../domain/campaigns/campaign-status.js';
import { campaignFinished, campaignNotDraft, campaignRunning, notFound, validationFailed } from '../../http/errors/catalogue.js';
import type { AuditLog, AuditOrigin } from '../audit/audit-log.js';
import { decodeCursor, keysetAfter, keysetSort, pageOf, type KeysetOrder } from '../customers/page-cursor.js';
import type { CampaignFlowCheck } from './campaign-flow-check.js';
import { createCampaignLifecycle, type LaunchOutcome } from './campaign-lifecycle.js';
import { readCampaignTotals, readLaunchTimes } from './campaign-totals.js';
import { toCampaignDetail, toCampaignListItem } from './campaign-view.js';
import type { CampaignWorkflows } from './campaign-workflows.js';

export interface CampaignServiceDeps {
  models: Pick<Models, 'campaigns' | 'campaignVersions' | 'deliveryCounters' | 'campaignConversions'>;
  flows: CampaignFlowCheck;
  /** The conversion window (CONVERSION_WINDOW), shown with the conversions. */
  conversionWindowMs: number;
  workflows: CampaignWorkflows;
  audit: AuditLog;
  now?: () => Date;
}

/** Who asked, for the audit log and `createdBy`. */
export interface CampaignCaller {
  actor: AuditActor;
  origin: AuditOrigin;
}

/** A detail and whether the call started a workflow (201/202 against a repeated launch's 200). */
export interface LaunchAnswer {
  campaign: CampaignDetail;
  started: boolean;
}

const newestFirst: KeysetOrder<CampaignDocument> = { name: 'campaigns-created', field: 'createdAt', kind: 'date', nullable: false, keyOf: (row) => row.createdAt };
const dayMs = 86_400_000;

/**
 * Campaigns: drafts checked and saved, the history list, the detail with counters and live progress,
 * and the lifecycle (launch, pause, resume, cancel). Every write is audited.
 */
export function createCampaignService(deps: CampaignServiceDeps) {
  const now = deps.now ?? (() => new Date());
  const { campaigns, campaignVersions } = deps.models;
  const lifecycle = createCampaignLifecycle({ campaigns, campaignVersions, flows: deps.flows, workflows: deps.workflows, now });

  async function find(id: string): Promise<CampaignDocument> {
    const campaign = /^[0-9a-fA-F]{24}$/.test(id) ? await campaigns.findById(new Types.ObjectId(id.toLowerCase())).lean<CampaignDocument>() : null;
    if (!campaign) throw notFound('No such campaign.');
    return campaign;
  }

  async function detailOf(campaign: CampaignDocument): Promise<CampaignDetail> {
    const campaignId = campaign._id.toHexString();
    const isLaunched = campaign.launchedVersion !== null;
    const [version, counters, progress, conversions] = await Promise.all([
      campaign.launchedVersion !== null
        ? campaignVersions.findById(campaignVersionId(campaignId, campaign.launchedVersion), { flow: 1, createdAt: 1 }).lean<CampaignVersionDocument>()
        : null,
      readCampaignCounters(deps.models, campaignId),
      campaign.status === 'running' || campaign.status === 'paused' ? deps.workflows.progress(campaignId) : null,
      readCampaignConversions(deps.models, campaignId),
    ]);
    return toCampaignDetail(campaign, {
      launched: version ?? null,
      counters,
      progress,
      conversions: { windowSeconds: Math.round(deps.conversionWindowMs / 1_000), ...conversions },
      workflowId: isLaunched ? deps.workflows.workflowId(campaignId) : null,
      temporalUiUrl: isLaunched ? deps.workflows.uiUrl(campaignId) : null,
    });
  }

  async function record(action: AuditAction, campaign: CampaignDocument, caller: CampaignCaller, details?: Record<string, unknown>): Promise<void> {
    await deps.audit.record({
      action,
      actor: caller.actor,
      origin: caller.origin,
      target: { type: 'campaign', id: campaign._id.toHexString(), label: campaign.name },
      ...(details ? { details } : {}),
    });
  }

  /** When a launch starts: `at` if it is in the future (at most a year ahead: 400 naming `path` otherwise), else now. */
  function startTimeOf(at: string | undefined, path: string): Date {
    const current = now();
    if (at === undefined) return current;
    const start = new Date(at);
    if (start.getTime() - current.getTime() > campaignLimits.maxScheduleDays * dayMs) {
      throw validationFailed([{ path, message: `a launch may be scheduled at most ${campaignLimits.maxScheduleDays} days ahead` }]);
    }
    return start > current ? start : current;
  }

  async function launched(outcome: LaunchOutcome, caller: CampaignCaller): Promise<LaunchAnswer> {
    const { campaign, started } = outcome;
    if (started) {
      await record('campaign.launched', campaign, caller, {
        version: campaign.launchedVersion,
        scheduledAt: campaign.scheduledAt?.toISOString() ?? null,
        workflowId: deps.workflows.workflowId(campaign._id.toHexString()),
      });
    }
    return { campaign: await detailOf(campaign), started };
  }

  return {
    /** A page of campaigns, newest first, optionally of one status or tag. */
    async list(query: CampaignListQuery): Promise<CampaignPage> {
      const filter: Record<string, unknown> = {};
      if (query.status) filter.status = query.status;
      if (query.tag) filter.tags = query.tag;
      const where = query.cursor ? { $and: [filter, keysetAfter(newestFirst, decodeCursor(newestFirst, query.cursor))] } : filter;
      const rows = await campaigns
        .find(where, { draft: 0 })
        .sort(keysetSort(newestFirst))
        .limit(query.limit + 1)
        .lean<CampaignDocument[]>();
      const page = pageOf(newestFirst, rows, query.limit);
      const ids = page.rows.map((row) => row._id.toHexString());
      const [totals, launchTimes] = await Promise.all([
        readCampaignTotals(deps.models, ids),
        readLaunchTimes(
          deps.models,
          page.rows.flatMap((row) => (row.launchedVersion === null ? [] : [{ campaignId: row._id.toHexString(), version: row.launchedVersion }])),
        ),
      ]);
      const items: CampaignListItem[] = page.rows.map((row) => {
        const id = row._id.toHexString();
        return toCampaignListItem(row, totals.get(id) ?? null, launchTimes.get(id) ?? null);
      });
      return { campaigns: items, nextCursor: page.nextCursor };
    },

    /** One campaign in detail; 404 for an unknown or malformed id. */
    async get(id: string): Promise<CampaignDetail> {
      return detailOf(await find(id));
    },

    /**
     * Saves a draft (its flow checked: 400 naming each error and its node). With `launch`, launches it
     * in the same call; if that launch fails, nothing is kept, so the call can simply be repeated.
     */
    async create(input: CreateCampaign, caller: CampaignCaller): Promise<LaunchAnswer> {
      const startAt = input.launch ? startTimeOf(input.launch.at, 'body.launch.at') : null;
      const flow = await deps.flows.check(input.flow, 'request', startAt ?? now());
      const created = await campaigns.create({
        name: input.name,
        description: input.description,
        tags: input.tags,
        goal: input.goal,
        status: 'draft',
        draft: flow,
        draftUpdatedAt: now(),
        createdBy: caller.actor,
      });
      const campaign = created.toObject<CampaignDocument>();
      if (!startAt) {
        await record('campaign.saved', campaign, caller, { change: 'created' });
        return { campaign: await detailOf(campaign), started: false };
      }
      let outcome: LaunchOutcome;
      try {
        outcome = await lifecycle.launch(campaign, startAt, caller.actor);
      } catch (error) {
        await Promise.all([campaigns.deleteOne({ _id: campaign._id }), campaignVersions.deleteMany({ campaignId: campaign._id.toHexString() })]);
        throw error;
      }
      await record('campaign.saved', campaign, caller, { change: 'created' });
      return launched(outcome, caller);
    },

    /** Changes fields and the draft; a launched campaign keeps running its pinned version. 409 for a new flow once it ended. */
    async update(id: string, patch: UpdateCampaign, caller: CampaignCaller): Promise<CampaignDetail> {
      const existing = await find(id);
      if (patch.flow !== undefined && isFinished(existing.status)) throw campaignFinished(existing.status);
      const flow = patch.flow === undefined ? undefined : await deps.flows.check(patch.flow, 'request', now());
      const changes = {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.tags !== undefined ? { tags: patch.tags } : {}),
        ...(patch.goal !== undefined ? { goal: patch.goal } : {}),
        ...(flow !== undefined ? { draft: flow, draftUpdatedAt: now() } : {}),
      };
      const updated = await campaigns.findOneAndUpdate({ _id: existing._id }, { $set: changes }, { returnDocument: 'after' }).lean<CampaignDocument>();
      if (!updated) throw notFound('No such campaign.');
      await record('campaign.saved', updated, caller, {
        change: 'updated',
        fields: Object.keys(patch).filter((key) => patch[key as keyof UpdateCampaign] !== undefined),
        ...(existing.name !== updated.name ? { previousName: existing.name } : {}),
      });
      return detailOf(updated);
    },

    /** Deletes a campaign never launched (its draft and any version a failed launch left); 409 once launched. */
    async remove(id: string, caller: CampaignCaller): Promise<void> {
      const existing = await find(id);
      const deleted = await campaigns.deleteOne({ _id: existing._id, status: 'draft', launchedVersion: null });
      if (deleted.deletedCount === 0) {
        const current = await campaigns.findById(existing._id, { status: 1 }).lean<Pick<CampaignDocument, 'status'>>();
        if (!current) throw notFound('No such campaign.');
        throw current.status === 'running' || current.status === 'paused' ? campaignRunning() : campaignNotDraft(current.status);
      }
      await campaignVersions.deleteMany({ campaignId: existing._id.toHexString() });
      await record('campaign.deleted', existing, caller);
    },

    /** Launches (now or at `at`); a repeated launch answers the same state and starts nothing; 409 once running or ended. */
    async launch(id: string, request: LaunchRequest, caller: CampaignCaller): Promise<LaunchAnswer> {
      const campaign = await find(id);
      const startAt = campaign.status === 'draft' ? startTimeOf(request.at, 'body.at') : now();
      return launched(await lifecycle.launch(campaign, startAt, caller.actor), caller);
    },

    /** Asks the workflow to pause (or resume); 409 unless it runs. */
    async steer(id: string, which: 'pause' | 'resume', caller: CampaignCaller): Promise<CampaignDetail> {
      const campaign = await lifecycle.steer(await find(id), which);
      await record(which === 'pause' ? 'campaign.paused' : 'campaign.resumed', campaign, caller);
      return detailOf(campaign);
    },

    /** Cancels a scheduled, running or paused campaign; 409 for a draft or an ended one. */
    async cancel(id: string, caller: CampaignCaller): Promise<CampaignDetail> {
      const existing = await find(id);
      const campaign = await lifecycle.cancel(existing);
      await record('campaign.cancelled', campaign, caller, { from: existing.status });
      return detailOf(campaign);
    },
  };
}

/** Campaigns and their lifecycle. */
export type CampaignService = ReturnType<typeof createCampaignService>;
