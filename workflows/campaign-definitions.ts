import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CampaignStatus } from '../domain/campaigns/campaign-status.js';

// The campaign workflow's public face — its input, signals and query — apart from its code, so the API
// can start and steer it without importing the workflow itself.

/** Where a run left off, carried into the next run by continue-as-new. */
export interface CarriedCampaignState {
  queue: CohortItem[];
  progress: Record<string, NodeProgress>;
  paused: boolean;
  startedAt: number;
  runs: number;
  itemsDone: number;
}

/** `campaignWorkflow`'s one argument. */
export interface CampaignWorkflowInput {
  campaignId: string;
  /** The pinned flow version this workflow runs. */
  version: number;
  /** Set only by continue-as-new. */
  carried?: CarriedCampaignState;
  /** Overrides for tests and benchmarks; campaigns launched by the API run with the defaults. */
  limits?: CampaignLimits;
}

/** How much one campaign does at once, and how long a run's history may grow before it continues as new. */
export interface CampaignLimits {
  /** Chunks in flight at once (default 4). */
  parallelChunks?: number;
  /** History events after which a run continues as new (default 4,000). */
  historyEvents?: number;
}

/**
 * A chunk of the cohort (up to a thousand members, stored as one campaign_chunks document) waiting at
 * a node. The audience node's item has no chunk yet: processing it snapshots the audience.
 */
export interface CohortItem {
  nodeId: string;
  chunkId: string;
  /** Members in the chunk. */
  size: number;
  /** Workflow time (ms) from which it may be processed: waits push it into the future. */
  readyAt: number;
  /** Workflow time (ms) it reached this node, for a delivery-outcome split's timeout. */
  arrivedAt: number;
}

/** How many members reached a node and how many it has finished with. */
export interface NodeProgress {
  arrived: number;
  done: number;
}

/** What the `progress` query answers. */
export interface CampaignProgress {
  campaignId: string;
  version: number;
  status: CampaignStatus;
  paused: boolean;
  /** Chunks waiting, and how many of them are held by a wait until a later time. */
  queuedChunks: number;
  waitingChunks: number;
  inFlightChunks: number;
  nodes: Record<string, NodeProgress>;
  /** Runs so far (continue-as-new starts a new one) and this run's history length. */
  runs: number;
  historyLength: number;
}

/** Stop starting new work; what is in flight finishes. */
export const pauseSignal = defineSignal('pause');
/** Carry on after a pause. */
export const resumeSignal = defineSignal('resume');
/** Finish what is in flight, send nothing more, end as cancelled. */
export const cancelSignal = defineSignal('cancel');
/** Where the campaign stands. */
export const progressQuery = defineQuery<CampaignProgress>('progress');
