import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { campaignWorkflowId } from '../../domain/workflow-ids.js';
import { serviceUnavailable } from '../../http/errors/catalogue.js';
import type { HttpProblem } from '../../http/errors/problem.js';
import { CampaignId, CampaignName, CampaignStatus, CampaignTags } from '../../temporal/search-attributes.js';
import { cancelSignal, pauseSignal, progressQuery, resumeSignal, type CampaignProgress, type CampaignWorkflowInput } from '../../workflows/campaign-definitions.js';

// The campaign workflow as the API steers it: start (once per campaign id), signal, cancel before it
// starts, ask for progress. The workflow's code is not imported, only its public face.

/** Where campaign workflows run and where ops look at them. */
export interface CampaignWorkflowsConfig {
  client: Client;
  namespace: string;
  taskQueue: string;
  /** The Temporal Web UI's base URL; null when none is known. */
  uiUrl: string | null;
  /** How long the detail waits for the progress query; a workflow without a worker never answers. */
  progressTimeoutMs?: number;
  now?: () => Date;
}

/** What a launch starts: the pinned version of a campaign, at a time. */
export interface CampaignStart {
  campaignId: string;
  version: number;
  name: string;
  tags: string[];
  startAt: Date;
}

const signals = { pause: pauseSignal, resume: resumeSignal, cancel: cancelSignal } as const;
export type CampaignSignal = keyof typeof signals;

/** A history this long has certainly run workflow code; shorter ones are read to find out. */
const shortHistory = 20;

/** 503 for a Temporal call that failed; the cause goes to the log, never to the client. */
export function temporalUnavailable(cause: unknown): HttpProblem {
  return Object.assign(serviceUnavailable('Temporal is unavailable; retry shortly.'), { cause });
}

/** Starting and steering campaign workflows through a Temporal client. */
export function createCampaignWorkflows(config: CampaignWorkflowsConfig) {
  const now = config.now ?? (() => new Date());
  const progressTimeoutMs = config.progressTimeoutMs ?? 1_000;
  const handleOf = (campaignId: string) => config.client.workflow.getHandle(campaignWorkflowId(campaignId));

  return {
    /** The workflow id of a campaign. */
    workflowId: campaignWorkflowId,

    /** The workflow's page in the Temporal Web UI, or null without a UI. */
    uiUrl(campaignId: string): string | null {
      if (!config.uiUrl) return null;
      return `${config.uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(config.namespace)}/workflows/${campaignWorkflowId(campaignId)}`;
    },

    /**
     * Starts the campaign's workflow, delayed until `startAt` when that is in the future. One workflow
     * per campaign: the id is the campaign's and an existing one (running or closed) is never replaced,
     * so `already-started` answers a second start instead of a second workflow.
     */
    async start(start: CampaignStart): Promise<'started' | 'already-started'> {
      const input: CampaignWorkflowInput = { campaignId: start.campaignId, version: start.version };
      const delayMs = start.startAt.getTime() - now().getTime();
      try {
        await config.client.workflow.start('campaignWorkflow', {
          taskQueue: config.taskQueue,
          workflowId: campaignWorkflowId(start.campaignId),
          args: [input],
          workflowIdConflictPolicy: 'FAIL',
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          ...(delayMs > 0 ? { startDelay: delayMs } : {}),
          typedSearchAttributes: [
            { key: CampaignId, value: start.campaignId },
            { key: CampaignName, value: start.name },
            { key: CampaignStatus, value: 'scheduled' },
            { key: CampaignTags, value: start.tags },
          ],
        });
        return 'started';
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) return 'already-started';
        throw error;
      }
    },

    /** True when the campaign has a workflow (running or closed); Temporal errors are thrown. */
    async exists(campaignId: string): Promise<boolean> {
      try {
        await handleOf(campaignId).describe();
        return true;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error;
      }
    },

    /** Sends a signal; `gone` when the workflow no longer runs (or never existed). */
    async signal(campaignId: string, signal: CampaignSignal): Promise<'signalled' | 'gone'> {
      try {
        await handleOf(campaignId).signal(signals[signal]);
        return 'signalled';
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return 'gone';
        throw error;
      }
    },

    /**
     * Ends a workflow none of whose code has run yet (its start delay not over, or no worker has taken
     * its first task): terminated, since nothing was done that needs finishing. `started` when the
     * workflow already ran (it must be cancelled by signal, to finish what it has in flight).
     */
    async cancelBeforeStart(campaignId: string): Promise<'not-started' | 'started'> {
      const handle = handleOf(campaignId);
      try {
        const description = await handle.describe();
        if (description.status.name !== 'RUNNING') return 'not-started';
        if (description.historyLength > shortHistory) return 'started';
        const history = await handle.fetchHistory();
        const completedTask = proto.temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED;
        if ((history.events ?? []).some((event) => event.eventType === completedTask)) return 'started';
        await handle.terminate('campaign cancelled before it started');
        return 'not-started';
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return 'not-started';
        throw error;
      }
    },

    /** The workflow's progress query answer, or null when it does not answer within the timeout. */
    async progress(campaignId: string): Promise<CampaignProgress | null> {
      try {
        return await config.client.withDeadline(Date.now() + progressTimeoutMs, () => handleOf(campaignId).query(progressQuery));
      } catch {
        // No worker, a closed workflow or Temporal down: the detail shows no live progress, nothing more.
        return null;
      }
    },
  };
}

/** Starting and steering campaign workflows. */
export type CampaignWorkflows = ReturnType<typeof createCampaignWorkflows>;
