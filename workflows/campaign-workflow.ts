import {
  ApplicationFailure,
  CancellationScope,
  ContinueAsNew,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CampaignStatus } from '../domain/campaigns/campaign-status.js';
import { CampaignStatus as CampaignStatusAttribute } from '../temporal/search-attributes.js';
import { control } from './campaign-activities.js';
import {
  cancelSignal,
  pauseSignal,
  progressQuery,
  resumeSignal,
  type CampaignWorkflowInput,
  type CarriedCampaignState,
  type CohortItem,
} from './campaign-definitions.js';
import { processItem } from './campaign-steps.js';

/** Chunks processed at once: a few sends or splits overlap, without flooding the vendor or the database. */
const defaultParallelChunks = 4;
/** Well below Temporal's 51,200-event limit and the 5,000-event goal: a run continues as new past it. */
const defaultHistoryBudget = 4_000;

/** How a campaign's workflow ended (a failure ends it with an error instead). */
export interface CampaignOutcome {
  status: Extract<CampaignStatus, 'completed' | 'cancelled'>;
  runs: number;
}

/**
 * One campaign, start to end: interprets its pinned flow over the cohort in chunks. The audience is
 * snapshotted into chunks of members; each chunk then travels the graph — sends, splits and tags are
 * activities over the chunk, waits are durable timers — with a few chunks in flight at once. The
 * workflow holds only ids, chunk sizes and times, and continues as new before its history grows large,
 * so a million recipients are as safe as ten. Signals pause, resume and cancel; `progress` answers
 * where it stands. Ops can cancel it from the Temporal UI too: it then ends as cancelled.
 */
export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignOutcome> {
  const state: CarriedCampaignState = input.carried ?? { queue: [], progress: {}, paused: false, startedAt: Date.now(), runs: 0, itemsDone: 0 };
  state.runs += 1;
  let cancelRequested = false;
  let wake = 0;
  const inFlight = new Set<Promise<void>>();
  const status = (): CampaignStatus => (state.paused ? 'paused' : 'running');
  const parallelChunks = Math.max(1, input.limits?.parallelChunks ?? defaultParallelChunks);
  const historyBudget = Math.max(200, input.limits?.historyEvents ?? defaultHistoryBudget);

  setHandler(pauseSignal, () => {
    state.paused = true;
    wake += 1;
  });
  setHandler(resumeSignal, () => {
    state.paused = false;
    wake += 1;
  });
  setHandler(cancelSignal, () => {
    cancelRequested = true;
    wake += 1;
  });
  setHandler(progressQuery, () => ({
    campaignId: input.campaignId,
    version: input.version,
    status: status(),
    paused: state.paused,
    queuedChunks: state.queue.length,
    waitingChunks: state.queue.filter((item) => item.readyAt > Date.now()).length,
    inFlightChunks: inFlight.size,
    nodes: state.progress,
    runs: state.runs,
    historyLength: workflowInfo().historyLength,
  }));

  try {
    const run = await control.loadCampaignRun({ campaignId: input.campaignId, version: input.version });
    if (!input.carried) {
      const entry = run.flow.nodes.find((node) => node.type === 'audience');
      if (!entry) throw ApplicationFailure.nonRetryable('the flow has no audience node', 'InvalidFlow');
      state.queue.push({ nodeId: entry.id, chunkId: '', size: 0, readyAt: state.startedAt, arrivedAt: state.startedAt });
    }
    let reported: CampaignStatus | null = null;
    const report = async (next: CampaignStatus): Promise<void> => {
      if (next === reported) return;
      reported = next;
      upsertSearchAttributes([{ key: CampaignStatusAttribute, value: next }]);
      await control.setCampaignStatus({ campaignId: input.campaignId, status: next });
    };

    // Set from the chunks' callbacks; an object, so control-flow narrowing does not assume it stays empty.
    const failed: { error?: Error } = {};
    for (;;) {
      await report(status());
      if (failed.error || cancelRequested) break;
      const info = workflowInfo();
      const budgetReached = info.continueAsNewSuggested || info.historyLength >= historyBudget;
      if (!state.paused && !budgetReached) {
        while (inFlight.size < parallelChunks) {
          const item = takeReady(state.queue);
          if (!item) break;
          const work: Promise<void> = processItem(run, input, state, item)
            .then((outputs) => {
              state.queue.push(...outputs);
              state.itemsDone += 1;
            })
            .catch((error: unknown) => {
              failed.error ??= error instanceof Error ? error : new Error(String(error));
            })
            .finally(() => {
              inFlight.delete(work);
              wake += 1;
            });
          inFlight.add(work);
        }
      }
      if (inFlight.size === 0 && state.queue.length === 0) break;
      if (budgetReached && inFlight.size === 0) {
        await condition(allHandlersFinished);
        return await continueAsNew<typeof campaignWorkflow>({ ...input, carried: state });
      }
      const seen = wake;
      const nextReady = state.paused || budgetReached ? undefined : earliestReadyAt(state.queue);
      if (nextReady === undefined) await condition(() => wake !== seen);
      else await condition(() => wake !== seen, Math.max(nextReady - Date.now(), 1));
    }

    // Cancelled or failed: what is in flight finishes (a send half done is completed, never left unrecorded).
    await Promise.all(inFlight);
    if (failed.error) throw failed.error;
    const final = cancelRequested ? 'cancelled' : 'completed';
    await report(final);
    return { status: final, runs: state.runs };
  } catch (error) {
    if (error instanceof ContinueAsNew) throw error;
    const ended: CampaignStatus = isCancellation(error) ? 'cancelled' : 'failed';
    await CancellationScope.nonCancellable(async () => {
      upsertSearchAttributes([{ key: CampaignStatusAttribute, value: ended }]);
      await control.setCampaignStatus({ campaignId: input.campaignId, status: ended, reason: reasonOf(error) });
    });
    throw error;
  }
}

/** Removes and returns the first chunk whose time has come, in queue order. */
function takeReady(queue: CohortItem[]): CohortItem | null {
  const now = Date.now();
  const index = queue.findIndex((item) => item.readyAt <= now);
  if (index < 0) return null;
  return queue.splice(index, 1)[0] ?? null;
}

function earliestReadyAt(queue: readonly CohortItem[]): number | undefined {
  let earliest: number | undefined;
  for (const item of queue) if (earliest === undefined || item.readyAt < earliest) earliest = item.readyAt;
  return earliest;
}

function reasonOf(error: unknown): string {
  if (isCancellation(error)) return 'cancelled from Temporal';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
  return (cause ?? (error instanceof Error ? error : null))?.message ?? 'unknown failure';
}

