import { bulkWriteInSlices } from '../db/bulk-write.js';
import { insertNew } from '../db/insert-new.js';
import type { DeliveryCountersDocument, JournalWrite } from '../db/models/delivery-counters.js';
import type { Models } from '../db/models.js';
import { counterNames, type DeliveryCounters } from '../domain/delivery/delivery-counters.js';

type DeliveryModels = Pick<Models, 'communicationLog' | 'deliveryCounters'>;

/**
 * Stores a round's message writes. Every write is absolute (a whole new document, or fields set to
 * values), so applying a round again — after a crash, from its journal — changes nothing more.
 */
export async function applyJournalWrites(models: DeliveryModels, writes: JournalWrite[]): Promise<void> {
  const inserts: Array<Record<string, unknown>> = [];
  const updates: Array<{ id: string; set: Record<string, unknown> }> = [];
  for (const write of writes) {
    if ('insert' in write) inserts.push(write.insert as unknown as Record<string, unknown>);
    else updates.push({ id: write.id, set: write.set });
  }
  // A message inserted before a crash is a duplicate now: it is stored already, as planned.
  const inserted = await insertNew(models.communicationLog, inserts);
  const updated = await bulkWriteInSlices(
    models.communicationLog,
    updates.map(({ id, set }) => ({ updateOne: { filter: { _id: id }, update: { $set: set } } })),
  );
  const refused = [...inserted.refused.values(), ...updated.values()];
  if (refused.length > 0) throw new Error(`message writes refused: ${refused.slice(0, 3).join('; ')}`);
}

/** The `$inc` of a round's counter changes (zero changes left out). */
export function counterIncrements(totals: DeliveryCounters, nodes: Map<string, DeliveryCounters>): Record<string, number> {
  const increments: Record<string, number> = {};
  const add = (prefix: string, counters: DeliveryCounters): void => {
    for (const name of counterNames) if (counters[name] !== 0) increments[`${prefix}.${name}`] = counters[name];
  };
  add('totals', totals);
  for (const [nodeId, counters] of nodes) add(`nodes.${nodeId}`, counters);
  return increments;
}

/**
 * Finishes the rounds a crashed writer left in a shard's journal: stores their message writes, then
 * drops them from the journal. Their counter changes were applied with the journal entry itself.
 * Must run under the shard's lock, before anything reads the shard's messages.
 */
export async function finishJournal(models: DeliveryModels, shardId: string): Promise<number> {
  const shard = (await models.deliveryCounters.collection.findOne({ _id: shardId as never })) as DeliveryCountersDocument | null;
  const rounds = Object.entries(shard?.journal ?? {}).sort(([, a], [, b]) => a.at.getTime() - b.at.getTime());
  for (const [roundId, round] of rounds) {
    await applyJournalWrites(models, round.writes);
    await closeRound(models, shardId, roundId);
  }
  return rounds.length;
}

/** Drops a round from its shard's journal once its message writes are stored. */
export async function closeRound(models: DeliveryModels, shardId: string, roundId: string): Promise<void> {
  await models.deliveryCounters.collection.updateOne({ _id: shardId as never }, { $unset: { [`journal.${roundId}`]: '' } });
}
