import type { Redis } from 'ioredis';
import { storedKey } from './redis.js';

type GroupInfo = Array<string | number | null>;

function field(info: GroupInfo, name: string): string | number | null | undefined {
  const index = info.indexOf(name);
  return index >= 0 ? info[index + 1] : undefined;
}

/** Compares stream ids (`ms-seq`) numerically. */
export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs === bMs ? aSeq - bSeq : aMs - bMs;
}

/**
 * The id below which every entry has been delivered to and acknowledged by every consumer group of
 * the stream: the oldest pending entry of any group, or else the last entry any group was given.
 * Null when a group exists that has read nothing, or when there is no group at all.
 */
export async function acknowledgedBelow(redis: Redis, stream: string): Promise<string | null> {
  const groups = (await redis.xinfo('GROUPS', storedKey(redis, stream))) as GroupInfo[];
  if (groups.length === 0) return null;
  let floor: string | null = null;
  for (const group of groups) {
    const name = String(field(group, 'name'));
    const lastDelivered = String(field(group, 'last-delivered-id') ?? '0-0');
    if (lastDelivered === '0-0') return null;
    const summary = (await redis.xpending(stream, name)) as [number, string | null, string | null, unknown];
    const groupFloor = summary[0] > 0 && summary[1] ? summary[1] : lastDelivered;
    if (floor === null || compareStreamIds(groupFloor, floor) < 0) floor = groupFloor;
  }
  return floor;
}

/**
 * Trims a stream of entries every group has acknowledged, never anything at or above the oldest
 * unacknowledged one, so trimming cannot lose work. Returns how many entries went.
 */
export async function trimAcknowledged(redis: Redis, stream: string): Promise<number> {
  const floor = await acknowledgedBelow(redis, stream);
  if (!floor) return 0;
  return Number(await redis.xtrim(stream, 'MINID', floor));
}
