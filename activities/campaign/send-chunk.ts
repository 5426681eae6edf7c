import { Context } from '@temporalio/activity';
import type { Redis } from 'ioredis';
import type { Models } from '../../db/models.js';
import type { SegmentFieldSource } from '../../db/segment-fields.js';
import type { DeliveryStore } from '../../delivery/apply-message-updates.js';
import { messageIdOf } from '../../delivery/message-id.js';
import { sendMessageBatch } from '../../delivery/send-batch.js';
import { rememberSentMessages } from '../../delivery/conversions.js';
import type { MessageNode } from '../../domain/flows/flow-document.js';
import { attributeKeysOf } from '../../domain/segments/field-registry.js';
import type { VendorClient } from '../../vendor/client.js';
import { vendorFailureForTemporal } from '../vendor-failures.js';
import type { SendChunkResult } from './campaign-activity-types.js';
import { readChunk } from './campaign-chunks.js';
import { applyFrequencyCap, describeCap, type FrequencyCap } from './frequency-cap.js';
import { loadRecipients } from './recipients.js';

/** Recipients per vendor round: each is one heartbeat, so a retry resumes within a chunk. */
const recipientsPerRound = 250;

export interface SendChunkDeps {
  models: Pick<Models, 'customers' | 'campaignChunks' | 'communicationLog' | 'deliveryCounters'>;
  redis: Redis;
  vendor: VendorClient;
  fields: SegmentFieldSource;
  frequencyCap: FrequencyCap | null;
  conversionWindowMs: number;
}

/**
 * Sends a message node's message to one chunk of members: loads them, applies the frequency cap, and
 * hands them to `sendMessageBatch` (render, record, send, record the answer) a few hundred at a time,
 * heartbeating after each so that a retry skips what is done. Everything below is idempotent by
 * message id, so a retry that repeats a round records and sends nothing twice.
 */
export async function sendChunk(deps: SendChunkDeps, input: { campaignId: string; node: MessageNode; chunkId: string }): Promise<SendChunkResult> {
  const context = Context.current();
  const members = await readChunk(deps.models, input.chunkId);
  const recipients = await loadRecipients(deps.models, members);
  const attributeKeys = attributeKeysOf(await deps.fields.registry());
  const store: DeliveryStore = { models: deps.models, redis: deps.redis };
  const node = { campaignId: input.campaignId, nodeId: input.node.id, content: input.node.content, attributeKeys };
  const total: SendChunkResult = { recorded: 0, skipped: 0, capped: 0, accepted: 0, refused: 0, alreadySent: 0 };
  const resumeAt = (context.info.heartbeatDetails as { round?: number } | undefined)?.round ?? 0;

  for (let round = resumeAt; round * recipientsPerRound < recipients.length; round += 1) {
    const batch = recipients.slice(round * recipientsPerRound, (round + 1) * recipientsPerRound);
    const skipped = new Map<string, string>();
    if (deps.frequencyCap) {
      const ids = batch.map((recipient) => ({ customerId: recipient._id.toHexString(), messageId: messageIdOf(input.campaignId, input.node.id, recipient._id.toHexString()) }));
      const allowed = await applyFrequencyCap(deps.redis, deps.frequencyCap, ids);
      const reason = `Frequency cap: at most ${describeCap(deps.frequencyCap)}`;
      ids.forEach(({ customerId }, index) => {
        if (!allowed[index]) skipped.set(customerId, reason);
      });
      total.capped += skipped.size;
    }
    try {
      const outcome = await sendMessageBatch({ store, vendor: deps.vendor }, node, batch, skipped);
      total.recorded += outcome.recorded;
      total.skipped += outcome.skipped;
      total.accepted += outcome.accepted;
      total.refused += outcome.refused;
      total.alreadySent += outcome.alreadySent;
      await rememberSentMessages(
        deps.redis,
        outcome.acceptedMessages.map(({ messageId, customerId, at }) => ({ messageId, customerId, nodeId: input.node.id, sentAt: at.getTime() })),
        deps.conversionWindowMs,
      );
    } catch (error) {
      throw vendorFailureForTemporal(error);
    }
    context.heartbeat({ round: round + 1 });
  }
  return total;
}
