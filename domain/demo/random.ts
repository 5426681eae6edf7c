// A small seedable PRNG (xoshiro128**, seeded through a 32-bit finaliser) and the few distributions
// the demo data needs. Math.random is never used, so one seed always gives the same data set.

/** A stream of pseudo-random numbers and the draws built on it. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A standard normal draw (mean 0, deviation 1). */
  normal(): number;
  /** A Poisson-distributed count with the given mean. */
  poisson(mean: number): number;
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T;
}

/** The element at an index the caller has already bounded; throws rather than returning undefined. */
export function itemAt<T>(items: ArrayLike<T>, index: number): T {
  if (index < 0 || index >= items.length) throw new RangeError(`index ${index} outside 0..${items.length - 1}`);
  return items[index] as T;
}

function finalise32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x21f0aaad);
  h ^= h >>> 15;
  h = Math.imul(h, 0x735a2d97);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Folds integers (any safe integer, negative included) into one 32-bit seed; order matters. */
export function deriveSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const low = part >>> 0;
    const high = Math.floor(part / 0x1_0000_0000) >>> 0;
    h = finalise32(h ^ finalise32(low));
    h = finalise32(h ^ finalise32(high + 0x632be5ab));
  }
  return h;
}

const rotl = (value: number, shift: number): number => (value << shift) | (value >>> (32 - shift));

/** A xoshiro128** stream; its four words of state come from successive finalisations of the seed. */
export function createRandom(seed: number): Random {
  let s0 = finalise32(seed + 0x9e3779b9);
  let s1 = finalise32(s0 + 0x9e3779b9);
  let s2 = finalise32(s1 + 0x9e3779b9);
  let s3 = finalise32(s2 + 0x9e3779b9);
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1;
  let spareNormal: number | null = null;

  const next = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result / 0x1_0000_0000;
  };

  const normal = (): number => {
    if (spareNormal !== null) {
      const value = spareNormal;
      spareNormal = null;
      return value;
    }
    // Box–Muller; 1 - next() is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - next()));
    const angle = 2 * Math.PI * next();
    spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

  const poisson = (mean: number): number => {
    if (mean <= 0) return 0;
    // Knuth's product method is exact but linear in the mean; past 30 the normal approximation is close.
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal()));
    const limit = Math.exp(-mean);
    let count = 0;
    let product = next();
    while (product > limit) {
      count += 1;
      product *= next();
    }
    return count;
  };

  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    normal,
    poisson,
    pick: (items) => itemAt(items, Math.floor(next() * items.length)),
  };
}

/** Draws from a fixed list by weight, with a binary search over the cumulative weights. */
export function weightedPicker<T>(entries: readonly (readonly [T, number])[]): (random: Random) => T {
  const cumulative = new Float64Array(entries.length);
  let total = 0;
  entries.forEach(([, weight], index) => {
    total += weight;
    cumulative[index] = total;
  });
  if (!(total > 0)) throw new RangeError('weightedPicker needs a positive total weight');
  return (random) => {
    const target = random.next() * total;
    let low = 0;
    let high = entries.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (itemAt(cumulative, middle) > target) high = middle;
      else low = middle + 1;
    }
    return itemAt(entries, low)[0];
  };
}

/**
 * Yields `count` uniforms in ascending order without storing them: each is the minimum of the
 * uniforms still to come, drawn as 1 - V^(1/remaining) of the gap left above the previous one.
 */
export function* ascendingUniforms(random: Random, count: number): Generator<number> {
  let previous = 0;
  for (let remaining = count; remaining > 0; remaining -= 1) {
    const gapShare = -Math.expm1(Math.log(1 - random.next()) / remaining);
    previous += (1 - previous) * gapShare;
    yield Math.min(previous, 1);
  }
}
