import type { CampaignStatus } from '../../domain/campaigns/campaign-status.js';
import type { FlowDocument } from '../../domain/flows/flow-document.js';

// The shapes the campaign workflow exchanges with its activities. Types only: the workflow imports
// this file, and nothing of it reaches the workflow bundle.

/** A stored chunk of members and how many it holds. */
export interface ChunkRef {
  chunkId: string;
  size: number;
}

/** A chunk a split or a best-hour wait produced, and where it goes. */
export interface RoutedChunk extends ChunkRef {
  /** The split branch it took (`''` for a wait's buckets). */
  branch: string;
  /** Workflow time (ms) from which it may move on; absent = at once. */
  releaseAt?: number;
}

/** A validated, pinned flow and what the workflow needs to know of its campaign. */
export interface CampaignRun {
  name: string;
  tags: string[];
  flow: FlowDocument;
}

export interface NodeWork {
  campaignId: string;
  version: number;
  nodeId: string;
  chunkId: string;
}

export interface SnapshotAudienceInput {
  campaignId: string;
  version: number;
  nodeId: string;
  /** Relative dates in the audience rule count back from this instant (ms): the campaign's start. */
  asOf: number;
}

export interface SnapshotAudienceResult {
  chunks: ChunkRef[];
  members: number;
}

/** What one chunk's send did (see delivery/send-batch.ts). */
export interface SendChunkResult {
  recorded: number;
  skipped: number;
  capped: number;
  accepted: number;
  refused: number;
  alreadySent: number;
}

export interface SplitChunkInput extends NodeWork {
  /** Workflow time (ms) the campaign started: "converted" means an order since then. */
  enteredAt: number;
  /** Workflow time (ms) the chunk reached the split, and now: a delivery-outcome split waits until its timeout. */
  arrivedAt: number;
  now: number;
}

/** A split's answer: its branches, or (delivery outcome only) "receipts still due, ask again later". */
export type SplitChunkResult = { ready: true; outputs: RoutedChunk[] } | { ready: false; pending: number };

export interface BestHourInput extends NodeWork {
  now: number;
}

/** The campaign activities, as the workflow sees them. */
export interface CampaignActivities {
  loadCampaignRun(input: { campaignId: string; version: number }): Promise<CampaignRun>;
  setCampaignStatus(input: { campaignId: string; status: CampaignStatus; reason?: string }): Promise<void>;
  snapshotAudience(input: SnapshotAudienceInput): Promise<SnapshotAudienceResult>;
  sendChunk(input: NodeWork): Promise<SendChunkResult>;
  splitChunk(input: SplitChunkInput): Promise<SplitChunkResult>;
  tagChunk(input: NodeWork): Promise<{ changed: number }>;
  bucketByBestHour(input: BestHourInput): Promise<RoutedChunk[]>;
  /** When a send planned for `at` (ms) may go, given quiet hours: `at` itself, or the end of the quiet window. */
  releaseAfterQuietHours(input: { at: number; quietHours: { start: string; end: string; timeZone: string } }): Promise<number>;
}
