import { createHash } from 'node:crypto';

/** A source of uniform numbers in [0, 1), like Math.random. */
export type Random = () => number;

/**
 * A uniform number in [0, 1) that depends only on the seed, a purpose and a key: the same message id
 * under the same seed always draws the same number, whatever order messages arrive in.
 */
export function seededUnit(seed: string, purpose: string, key: string): number {
  const digest = createHash('sha256').update(`${seed}\u0000${purpose}\u0000${key}`).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** A hex string derived from the seed and a key, for ids that look random but are reproducible. */
export function seededHex(seed: string, purpose: string, key: string, length: number): string {
  return createHash('sha256').update(`${seed}\u0000${purpose}\u0000${key}`).digest('hex').slice(0, length);
}

/** A fast seeded generator (mulberry32) for jitter, shuffles and chaos draws that need no per-message key. */
export function seededRandom(seed: string): Random {
  let state = createHash('sha256').update(`${seed}\u0000prng`).digest().readUInt32BE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Fisher–Yates, in place, with the given source of randomness. */
export function shuffleInPlace<T>(items: T[], random: Random): T[] {
  for (let index = items.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}
