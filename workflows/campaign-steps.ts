import { ApplicationFailure } from '@temporalio/workflow';
import type { CampaignRun, ChunkRef, RoutedChunk } from '../activities/campaign/campaign-activity-types.js';
import type { WaitNode } from '../domain/flows/flow-document.js';
import { nextNodeId } from '../domain/flows/flow-graph.js';
import { plainBranch } from '../domain/flows/flow-branches.js';
import { audience, clock, cohort, sending } from './campaign-activities.js';
import type { CampaignWorkflowInput, CarriedCampaignState, CohortItem } from './campaign-definitions.js';

/** First and longest pause before asking again whether a chunk's receipts are in. */
const firstOutcomePollMs = 5_000;
const longestOutcomePollMs = 10 * 60_000;

/**
 * Does one node's work on one chunk and returns where its members go next. Progress is counted in
 * members: `arrived` when a chunk is queued at a node, `done` when the node has finished with it.
 */
export async function processItem(run: CampaignRun, input: CampaignWorkflowInput, state: CarriedCampaignState, item: CohortItem): Promise<CohortItem[]> {
  const node = run.flow.nodes.find((candidate) => candidate.id === item.nodeId);
  if (!node) throw ApplicationFailure.nonRetryable(`node ${item.nodeId} is not in version ${input.version} of the flow`, 'InvalidFlow');
  const work = { campaignId: input.campaignId, version: input.version, nodeId: node.id, chunkId: item.chunkId };
  const now = Date.now();
  const onward = (chunks: Array<ChunkRef & { branch?: string; releaseAt?: number }>): CohortItem[] => {
    const items: CohortItem[] = [];
    for (const chunk of chunks) {
      const next = nextNodeId(run.flow, node.id, chunk.branch ?? plainBranch);
      if (!next || chunk.size === 0) continue;
      arrive(state, next, chunk.size);
      items.push({ nodeId: next, chunkId: chunk.chunkId, size: chunk.size, readyAt: chunk.releaseAt ?? Date.now(), arrivedAt: Date.now() });
    }
    return items;
  };
  const finish = (size: number): void => {
    const progress = (state.progress[node.id] ??= { arrived: 0, done: 0 });
    progress.done += size;
  };

  switch (node.type) {
    case 'audience': {
      const snapshot = await audience.snapshotAudience({ campaignId: input.campaignId, version: input.version, nodeId: node.id, asOf: state.startedAt });
      arrive(state, node.id, snapshot.members);
      finish(snapshot.members);
      return onward(snapshot.chunks);
    }
    case 'message':
      await sending.sendChunk(work);
      finish(item.size);
      return onward([item]);
    case 'tag':
      await cohort.tagChunk(work);
      finish(item.size);
      return onward([item]);
    case 'wait': {
      const routed = node.wait.kind === 'bestHour' ? await cohort.bucketByBestHour({ ...work, now }) : [await waitUntil(node, item, now)];
      finish(item.size);
      return onward(routed);
    }
    case 'split': {
      const result = await cohort.splitChunk({ ...work, enteredAt: state.startedAt, arrivedAt: item.arrivedAt, now });
      if (!result.ready) {
        // Receipts still due: ask again later, less often the longer it takes (the split's timeout ends it).
        const waited = now - item.arrivedAt;
        const pause = Math.min(Math.max(firstOutcomePollMs, waited / 4), longestOutcomePollMs);
        return [{ ...item, readyAt: now + pause }];
      }
      finish(item.size);
      return onward(result.outputs);
    }
    case 'exit':
      finish(item.size);
      return [];
  }
}

/** A duration or date wait: the same chunk moves on at the release time (deferred past quiet hours). */
async function waitUntil(node: WaitNode, item: CohortItem, now: number): Promise<RoutedChunk> {
  const planned = node.wait.kind === 'duration' ? now + node.wait.seconds * 1_000 : Date.parse(node.wait.kind === 'until' ? node.wait.at : '');
  const releaseAt = node.quietHours ? await clock.releaseAfterQuietHours({ at: planned, quietHours: node.quietHours }) : planned;
  return { chunkId: item.chunkId, size: item.size, branch: plainBranch, releaseAt };
}

function arrive(state: CarriedCampaignState, nodeId: string, members: number): void {
  const progress = (state.progress[nodeId] ??= { arrived: 0, done: 0 });
  progress.arrived += members;
}

