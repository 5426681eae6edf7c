import { ApplicationFailure, Context } from '@temporalio/activity';
import { Types } from 'mongoose';
import type { Models } from '../../db/models.js';
import type { SegmentFieldSource } from '../../db/segment-fields.js';
import type { AudienceSource } from '../../domain/flows/flow-document.js';
import { checkSegmentRule } from '../../domain/segments/check-rule.js';
import { compileSegment } from '../../domain/segments/compile-segment.js';
import type { SnapshotAudienceResult } from './campaign-activity-types.js';
import { audienceChunkId, chunkSize, writeChunks } from './campaign-chunks.js';

/** How far a snapshot got, in its heartbeats: a retry resumes after `lastId` with `chunks` already written. */
interface SnapshotProgress {
  lastId: string;
  chunks: number;
}

/** The rule an audience node stands for: its inline rule, or its saved segment's rule as saved now. */
async function ruleOf(models: Pick<Models, 'segments'>, source: AudienceSource): Promise<unknown> {
  if (source.kind === 'rule') return source.rule;
  const segment = await models.segments.findById(source.segmentId, { rule: 1 }).lean();
  if (!segment) throw ApplicationFailure.nonRetryable(`the saved segment ${source.segmentId} no longer exists`, 'InvalidFlow');
  return segment.rule;
}

/**
 * Snapshots an audience into chunks of members: the audience rule, checked against today's fields and
 * compiled by the same compiler as the preview (relative dates counted from `asOf`, the campaign's
 * start), read in `_id` order through one cursor and written a thousand ids per chunk. Heartbeats
 * carry how far it got, so a retry after a crash resumes there instead of starting over; the chunks it
 * had written are the same either way.
 */
export async function snapshotAudience(
  deps: { models: Pick<Models, 'customers' | 'segments' | 'campaignChunks'>; fields: SegmentFieldSource },
  input: { campaignId: string; nodeId: string; source: AudienceSource; asOf: number },
): Promise<SnapshotAudienceResult> {
  const checked = checkSegmentRule(await ruleOf(deps.models, input.source), await deps.fields.registry());
  if (!checked.ok) {
    const problems = checked.problems.map((problem) => `${problem.path || 'rule'}: ${problem.message}`).join('; ');
    throw ApplicationFailure.nonRetryable(`the audience rule no longer checks: ${problems}`, 'InvalidFlow');
  }
  const filter = compileSegment(checked.rule, new Date(input.asOf));
  const context = Context.current();
  const resumed = context.info.heartbeatDetails as SnapshotProgress | undefined;
  const start = resumed ? { $and: [filter, { _id: { $gt: new Types.ObjectId(resumed.lastId) } }] } : filter;

  let chunks = resumed?.chunks ?? 0;
  let pending: Types.ObjectId[] = [];
  const flush = async (): Promise<void> => {
    await writeChunks(deps.models, input.campaignId, input.nodeId, [{ chunkId: audienceChunkId(input.campaignId, input.nodeId, chunks), members: pending }]);
    chunks += 1;
    context.heartbeat({ lastId: pending.at(-1)!.toHexString(), chunks } satisfies SnapshotProgress);
    pending = [];
  };
  const cursor = deps.models.customers.collection.find(start, { projection: { _id: 1 }, sort: { _id: 1 }, batchSize: chunkSize });
  for await (const customer of cursor) {
    pending.push(customer._id);
    if (pending.length === chunkSize) await flush();
  }
  const full = chunks;
  const lastSize = pending.length;
  if (lastSize > 0) await flush();
  const refs = Array.from({ length: chunks }, (_, index) => ({ chunkId: audienceChunkId(input.campaignId, input.nodeId, index), size: index < full ? chunkSize : lastSize }));
  return { chunks: refs, members: full * chunkSize + lastSize };
}
