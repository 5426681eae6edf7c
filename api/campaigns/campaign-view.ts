import type { CampaignDocument } from '../../db/models/campaign.js';
import type { CampaignVersionDocument } from '../../db/models/campaign-version.js';
import type { CampaignCounters } from '../../delivery/campaign-counters.js';
import type { CampaignConversionsView, CampaignDetail, CampaignListItem, CampaignProgressView } from '../../domain/campaigns/campaign-api.js';
import { zeroCounters, type DeliveryCounters } from '../../domain/delivery/delivery-counters.js';
import type { FlowDocument } from '../../domain/flows/flow-document.js';

/** What a campaign's detail is made of besides the campaign itself. */
export interface CampaignDetailParts {
  launched: Pick<CampaignVersionDocument, 'flow' | 'createdAt'> | null;
  counters: CampaignCounters | null;
  progress: CampaignProgressView | null;
  conversions: CampaignConversionsView;
  workflowId: string | null;
  temporalUiUrl: string | null;
}

const iso = (date: Date | null | undefined): string | null => date?.toISOString() ?? null;

/** A campaign as the history list shows it. */
export function toCampaignListItem(campaign: CampaignDocument, totals: DeliveryCounters | null, launchedAt: Date | null): CampaignListItem {
  const counters = totals ?? zeroCounters();
  return {
    id: campaign._id.toHexString(),
    name: campaign.name,
    tags: campaign.tags,
    status: campaign.status,
    version: campaign.launchedVersion,
    createdAt: campaign.createdAt.toISOString(),
    launchedAt: iso(launchedAt),
    scheduledAt: iso(campaign.scheduledAt),
    startedAt: iso(campaign.startedAt),
    finishedAt: iso(campaign.finishedAt),
    counters: {
      audience: counters.audience,
      pending: counters.pending,
      sent: counters.sent,
      delivered: counters.delivered,
      failed: counters.failed,
      skipped: counters.skipped,
    },
  };
}

/** A campaign with its flows, counters per node, live progress and where to find its workflow. */
export function toCampaignDetail(campaign: CampaignDocument, parts: CampaignDetailParts): CampaignDetail {
  const totals = parts.counters?.totals ?? zeroCounters();
  const shown: FlowDocument = parts.launched?.flow ?? campaign.draft;
  return {
    ...toCampaignListItem(campaign, totals, parts.launched?.createdAt ?? null),
    counters: totals,
    description: campaign.description,
    goal: campaign.goal,
    failureReason: campaign.failureReason,
    createdBy: campaign.createdBy,
    updatedAt: campaign.updatedAt.toISOString(),
    draft: campaign.draft,
    draftUpdatedAt: campaign.draftUpdatedAt.toISOString(),
    launchedFlow: parts.launched?.flow ?? null,
    versionCount: campaign.versionCount,
    draftDiffersFromLaunched: parts.launched ? canonicalJson(parts.launched.flow) !== canonicalJson(campaign.draft) : false,
    conversions: parts.conversions,
    countersUpdatedAt: iso(parts.counters?.updatedAt),
    nodes: shown.nodes.map((node) => ({
      id: node.id,
      type: node.type,
      label: node.label ?? null,
      counters: parts.counters?.nodes[node.id] ?? null,
      progress: parts.progress?.nodes[node.id] ?? null,
    })),
    progress: parts.progress,
    workflowId: parts.workflowId,
    temporalUiUrl: parts.temporalUiUrl,
  };
}

/** JSON with object keys sorted, so two flows compare equal whatever order a store kept their keys in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
