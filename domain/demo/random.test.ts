import { describe, expect, it } from 'vitest';
import { ascendingUniforms, createRandom, deriveSeed, weightedPicker } from './random.js';
import { createTimeline, istClock } from './timeline.js';

const draws = (seed: number, count: number): number[] => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => random.next());
};

describe('createRandom', () => {
  it('repeats a sequence for a seed and changes it for another', () => {
    expect(draws(1, 10)).toEqual(draws(1, 10));
    expect(draws(1, 10)).not.toEqual(draws(2, 10));
    expect(deriveSeed(1, 2)).not.toBe(deriveSeed(2, 1));
    expect(deriveSeed(-1)).not.toBe(deriveSeed(2 ** 32 - 1));
  });

  it('draws uniform floats in [0, 1) and integers within both bounds', () => {
    const values = draws(3, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(values.reduce((sum, value) => sum + value, 0) / values.length).toBeCloseTo(0.5, 1);
    const random = createRandom(4);
    const dice = new Set(Array.from({ length: 1_000 }, () => random.int(6, 9)));
    expect([...dice].sort()).toEqual([6, 7, 8, 9]);
  });

  it('gives Poisson counts with the requested mean', () => {
    const random = createRandom(5);
    for (const mean of [0.5, 4, 60]) {
      const counts = Array.from({ length: 5_000 }, () => random.poisson(mean));
      expect(counts.reduce((sum, count) => sum + count, 0) / counts.length).toBeCloseTo(mean, mean < 10 ? 1 : 0);
    }
  });

  it('picks by weight', () => {
    const pick = weightedPicker([['rare', 1], ['common', 9]] as const);
    const random = createRandom(6);
    const common = Array.from({ length: 10_000 }, () => pick(random)).filter((value) => value === 'common').length;
    expect(common / 10_000).toBeCloseTo(0.9, 1);
  });

  it('yields ascending uniforms that are uniform overall', () => {
    const values = [...ascendingUniforms(createRandom(7), 10_000)];
    expect(values).toHaveLength(10_000);
    expect(values.every((value, index) => index === 0 || value >= (values[index - 1] ?? 0))).toBe(true);
    expect(values[4_999]).toBeCloseTo(0.5, 1);
    expect(values.at(-1)).toBeLessThanOrEqual(1);
  });
});

describe('timelines', () => {
  it('reads the IST clock: midnight UTC on 1 January 2025 is 05:30 on a Wednesday', () => {
    expect(istClock(Date.parse('2025-01-01T00:00:00Z'))).toEqual({ hour: 5, weekday: 3 });
    expect(istClock(Date.parse('2025-01-04T18:29:59Z'))).toEqual({ hour: 23, weekday: 6 });
  });

  it('maps shares of mass to instants monotonically inside the range, following the weights', () => {
    const start = Date.parse('2025-01-01T00:10:00Z');
    const end = Date.parse('2025-01-02T00:00:00Z');
    // All the weight in the first twelve hours of UTC.
    const timeline = createTimeline(start, end, (ms) => (new Date(ms).getUTCHours() < 12 ? 1 : 0));
    expect(timeline.at(0)).toBe(start);
    expect(timeline.at(1)).toBeLessThanOrEqual(Date.parse('2025-01-01T12:00:00Z'));
    const points = [0.1, 0.2, 0.5, 0.9].map((u) => timeline.at(u));
    expect(points).toEqual([...points].sort((a, b) => a - b));
    const shares = [...timeline.slots()].reduce((sum, slot) => sum + slot.share, 0);
    expect(shares).toBeCloseTo(1, 9);
  });
});
