// Baseline B of the delivery benchmark: how fast the database server takes the writes a receipt comes
// down to — one `$set` of a message's status by `_id` — with nothing else going on. The run's messages
// are inserted into a scratch database on the same server (the app's model, so the same indexes; not
// timed), then updated with the call and the batch size the receipts consumer uses.

import { setTimeout as sleep } from 'node:timers/promises';
import { bulkWriteInSlices, bulkWriteSlice, type BulkOperations } from '../db/bulk-write.js';
import type { CommunicationLogDocument } from '../db/models/communication-log.js';
import { openDatabase } from '../db/open.js';
import { messageIdOf } from '../delivery/message-id.js';
import { startCpuMeter, type CpuTarget, type CpuUse } from './cpu-time.js';
import type { MessageNodeSend, Recipient } from '../delivery/send-batch.js';
import { compileTemplate } from '../domain/templates/render-message.js';

/** Documents per insertMany while setting up. */
const insertChunk = 5_000;
/** The embedded FerretDB builds a new collection's `_id` index asynchronously: let it finish before timing. */
const indexSettleMs = 3_000;

/** How long the updates took (inserting the documents is not timed). */
export interface DatabaseUpdateTiming {
  updates: number;
  /** Documents per update batch (the receipts consumer's batch size) and statements per bulk write. */
  batchSize: number;
  sliceSize: number;
  seconds: number;
  perSecond: number;
  /** CPU seconds of the processes named in `cpuTargets` while updating. */
  cpu: CpuUse;
}

/**
 * Inserts one SENT message per recipient into a scratch database, then marks each DELIVERED with one
 * `$set` by `_id` through `bulkWriteInSlices`, `batchSize` documents per call and `parallel` calls at a
 * time (the module's own limit on slices in flight applies, as it does in the consumers); drops the
 * database after.
 */
export async function measureDatabaseUpdates(
  scratchUri: string,
  node: MessageNodeSend,
  pages: Iterable<Recipient[]>,
  options: { batchSize: number; parallel: number; cpuTargets: Record<string, CpuTarget | undefined>; signal: AbortSignal },
): Promise<DatabaseUpdateTiming> {
  const database = await openDatabase(scratchUri);
  try {
    const log = database.models.communicationLog;
    const ids: string[] = [];
    for (const documents of insertChunks(node, pages)) {
      options.signal.throwIfAborted();
      await log.collection.insertMany(documents as unknown as Array<Record<string, unknown>>, { ordered: false });
      ids.push(...documents.map((document) => document._id));
    }
    await sleep(indexSettleMs, undefined, { signal: options.signal });

    const batches: string[][] = [];
    for (let start = 0; start < ids.length; start += options.batchSize) batches.push(ids.slice(start, start + options.batchSize));
    const cpuMeter = startCpuMeter(options.cpuTargets);
    const startedAt = performance.now();
    const lane = async (): Promise<void> => {
      for (let batch = batches.shift(); batch; batch = batches.shift()) {
        options.signal.throwIfAborted();
        const at = new Date();
        const operations: BulkOperations<CommunicationLogDocument> = batch.map((id) => ({
          updateOne: { filter: { _id: id }, update: { $set: { status: 'DELIVERED', deliveredAt: at, updatedAt: at } } },
        }));
        const refused = await bulkWriteInSlices(log, operations);
        const [first] = refused.values();
        if (first !== undefined) throw new Error(`the database baseline had ${refused.size} refused updates, e.g. ${first}`);
      }
    };
    await Promise.all(Array.from({ length: options.parallel }, lane));
    const seconds = (performance.now() - startedAt) / 1000;
    const cpu = cpuMeter.stop();

    const delivered = await log.countDocuments({ status: 'DELIVERED' });
    if (delivered !== ids.length) throw new Error(`the database baseline updated ${delivered} of ${ids.length} documents`);
    return { updates: ids.length, batchSize: options.batchSize, sliceSize: bulkWriteSlice, seconds, perSecond: ids.length / seconds, cpu };
  } finally {
    await database.connection.dropDatabase().catch(() => {});
    await database.close();
  }
}

/** The recipients' messages as `sendMessageBatch` stores them once the vendor took them, in insert-sized chunks. */
function* insertChunks(node: MessageNodeSend, pages: Iterable<Recipient[]>): Generator<CommunicationLogDocument[]> {
  let chunk: CommunicationLogDocument[] = [];
  const at = new Date();
  const render = compileTemplate(node.content, { attributeKeys: node.attributeKeys });
  for (const page of pages) {
    for (const recipient of page) {
      const id = messageIdOf(node.campaignId, node.nodeId, recipient._id.toHexString());
      chunk.push({
        _id: id,
        campaignId: node.campaignId,
        nodeId: node.nodeId,
        customerId: recipient._id,
        channel: node.content.channel,
        to: recipient.phone,
        subject: null,
        body: render(recipient).body,
        status: 'SENT',
        skipReason: null,
        failureReason: null,
        vendorMessageId: `vm_${id.slice(-24)}`,
        queuedAt: at,
        sentAt: at,
        deliveredAt: null,
        failedAt: null,
        updatedAt: at,
      });
      if (chunk.length === insertChunk) {
        yield chunk;
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) yield chunk;
}
