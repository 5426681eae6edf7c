import type { Redis } from 'ioredis';
import { Types } from 'mongoose';
import type { LedgerEntry } from '../../db/models/customer-ledger.js';
import type { NamedLedgerEntry } from './ledger.js';

/**
 * The queue between the consumers, which persist records, and the aggregator, which keeps customer
 * aggregates. Redis holds it for the same reason it holds the ingest streams: an entry is queued
 * before its stream entry is acknowledged, so whatever survives of one survives of the other.
 *
 * - `ingest:aggregates:dirty` (sorted set): customers whose aggregates may be stale; the score
 *   counts how often they were marked, so a mark made while the aggregator works is never lost.
 * - `ingest:aggregates:entries:<customer id>` (hash): ledger entries not yet in the ledger, by name.
 */
const dirtyKey = 'ingest:aggregates:dirty';
const entriesKey = (customerId: string): string => `ingest:aggregates:entries:${customerId}`;

/** A customer claimed by the aggregator: their mark count when claimed and their queued entries. */
export interface ClaimedCustomer {
  id: Types.ObjectId;
  marks: string;
  /** Entry name → the entry's serialized form, as queued (compared when clearing). */
  queued: Record<string, string>;
}

/** Queues ledger entries and marks their customers, in one round trip. */
export async function queueLedgerEntries(redis: Redis, entries: NamedLedgerEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const byCustomer = new Map<string, string[]>();
  for (const { customerId, name, entry } of entries) {
    const fields = byCustomer.get(customerId.toHexString()) ?? [];
    fields.push(name, JSON.stringify({ amount: entry.amount, counted: entry.counted, at: entry.at.toISOString() }));
    byCustomer.set(customerId.toHexString(), fields);
  }
  const pipeline = redis.pipeline();
  // Entries before marks: a customer marked is a customer whose entries are already there.
  for (const [id, fields] of byCustomer) pipeline.hset(entriesKey(id), ...fields);
  for (const id of byCustomer.keys()) pipeline.zincrby(dirtyKey, 1, id);
  await execOrThrow(pipeline);
}

/** Marks customers whose aggregates must be recomputed though no entry changed (their reported spend did, or they just arrived). */
export async function markCustomersDirty(redis: Redis, customerIds: Types.ObjectId[]): Promise<void> {
  if (customerIds.length === 0) return;
  const pipeline = redis.pipeline();
  for (const id of new Set(customerIds.map((customerId) => customerId.toHexString()))) pipeline.zincrby(dirtyKey, 1, id);
  await execOrThrow(pipeline);
}

/** Up to `limit` marked customers, at random (so no customer waits behind a busy one), with their queued entries. */
export async function claimDirtyCustomers(redis: Redis, limit: number): Promise<ClaimedCustomer[]> {
  const flat = (await redis.zrandmember(dirtyKey, limit, 'WITHSCORES')) as string[] | null;
  if (!flat || flat.length === 0) return [];
  const marked: Array<{ id: string; marks: string }> = [];
  for (let index = 0; index + 1 < flat.length; index += 2) marked.push({ id: flat[index] ?? '', marks: flat[index + 1] ?? '0' });
  const pipeline = redis.pipeline();
  for (const { id } of marked) pipeline.hgetall(entriesKey(id));
  const results = await execOrThrow(pipeline);
  return marked.map(({ id, marks }, index) => ({ id: new Types.ObjectId(id), marks, queued: (results[index] ?? {}) as Record<string, string> }));
}

/** The entry a queued value describes. */
export function parseQueuedEntry(serialized: string): LedgerEntry {
  const value = JSON.parse(serialized) as { amount: number; counted: boolean; at: string };
  return { amount: value.amount, counted: value.counted, at: new Date(value.at) };
}

// Removes applied entries that were not replaced meanwhile, then the mark if nothing is left and
// nobody marked the customer since the claim. Atomic, so a concurrent queueing is never erased.
const clearScript = `
for i = 3, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) == ARGV[i + 1] then redis.call('HDEL', KEYS[2], ARGV[i]) end
end
if redis.call('HLEN', KEYS[2]) == 0 and redis.call('ZSCORE', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('ZREM', KEYS[1], ARGV[1])
end
return 1
`;

/** Clears what the aggregator applied for these customers. */
export async function clearApplied(redis: Redis, customers: ClaimedCustomer[]): Promise<void> {
  if (customers.length === 0) return;
  const pipeline = redis.pipeline();
  for (const { id, marks, queued } of customers) {
    const hex = id.toHexString();
    pipeline.eval(clearScript, 2, dirtyKey, entriesKey(hex), hex, marks, ...Object.entries(queued).flat());
  }
  await execOrThrow(pipeline);
}

/** How many customers' aggregates are waiting to be brought up to date. */
export async function customersAwaitingAggregates(redis: Redis): Promise<number> {
  return redis.zcard(dirtyKey);
}

async function execOrThrow(pipeline: ReturnType<Redis['pipeline']>): Promise<unknown[]> {
  const results = (await pipeline.exec()) ?? [];
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
