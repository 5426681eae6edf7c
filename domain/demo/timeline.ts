// When things happen: a piecewise-constant density over half-hour slots (India's +5:30 offset puts
// every IST hour boundary on a UTC half hour), shaped by the hour and weekday in IST, growth and the
// festive season, and sampled by inverse CDF so ascending uniforms give ascending times.

import { itemAt } from './random.js';

export const minuteMs = 60_000;
export const hourMs = 60 * minuteMs;
export const dayMs = 24 * hourMs;
const slotMs = 30 * minuteMs;

/** India Standard Time is UTC+5:30 all year round. */
export const istOffsetMs = 5 * hourMs + 30 * minuteMs;

/** Shopping by IST hour of day: quiet nights, a lunch peak and a bigger evening one. */
export const orderWeightByIstHour: readonly number[] = [
  0.8, 0.4, 0.25, 0.2, 0.2, 0.3, 0.6, 1.0, 1.5, 2.0, 2.6, 3.4, 4.2, 4.2, 3.2, 2.6, 2.6, 3.0, 3.8, 4.6, 5.0, 4.6,
  3.2, 1.8,
];

/** Shopping by IST weekday, Sunday first: weekends are the busiest days. */
export const orderWeightByIstWeekday: readonly number[] = [1.35, 0.9, 0.9, 0.95, 0.95, 1.05, 1.3];

/** The hour (0–23) and weekday (0 = Sunday) of an instant in IST. */
export function istClock(ms: number): { hour: number; weekday: number } {
  const local = new Date(ms + istOffsetMs);
  return { hour: local.getUTCHours(), weekday: local.getUTCDay() };
}

/** True between 10 October and 15 November (IST), roughly the Navratri-to-Diwali shopping season. */
export function inFestiveSeason(ms: number): boolean {
  const local = new Date(ms + istOffsetMs);
  const month = local.getUTCMonth();
  const day = local.getUTCDate();
  return (month === 9 && day >= 10) || (month === 10 && day <= 15);
}

/** A distribution of instants over [startMs, endMs]. */
export interface Timeline {
  startMs: number;
  endMs: number;
  /** The instant below which a share `u` (0–1) of the mass lies; monotonic in `u`. */
  at(u: number): number;
  /** The slots, for callers that integrate over time: start instant and share of the mass. */
  slots(): Generator<{ startMs: number; share: number }>;
}

/** Builds a timeline whose density in each half-hour slot is `weightAt(slotStartMs)`. */
export function createTimeline(startMs: number, endMs: number, weightAt: (slotStartMs: number) => number): Timeline {
  if (!(endMs > startMs)) throw new RangeError('a timeline needs endMs after startMs');
  const firstSlot = Math.floor(startMs / slotMs);
  const slotCount = Math.ceil(endMs / slotMs) - firstSlot;
  // cumulative[k] is the mass before slot k; a slot's mass is its weight times the part of it inside the range.
  const cumulative = new Float64Array(slotCount + 1);
  const slotStart = (k: number): number => (firstSlot + k) * slotMs;
  const spanOf = (k: number): [number, number] => [Math.max(startMs, slotStart(k)), Math.min(endMs, slotStart(k) + slotMs)];
  for (let k = 0; k < slotCount; k += 1) {
    const [from, to] = spanOf(k);
    cumulative[k + 1] = itemAt(cumulative, k) + (Math.max(0, weightAt(slotStart(k))) * (to - from)) / slotMs;
  }
  const total = itemAt(cumulative, slotCount);
  if (!(total > 0)) throw new RangeError('a timeline needs some positive weight');

  return {
    startMs,
    endMs,
    at(u) {
      const target = Math.min(Math.max(u, 0), 1) * total;
      let low = 0;
      let high = slotCount - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (itemAt(cumulative, middle + 1) >= target) high = middle;
        else low = middle + 1;
      }
      // Only a zero target can land on an empty (leading) slot; the instant is where the mass begins.
      while (low < slotCount - 1 && itemAt(cumulative, low + 1) === itemAt(cumulative, low)) low += 1;
      const before = itemAt(cumulative, low);
      const mass = itemAt(cumulative, low + 1) - before;
      const [from, to] = spanOf(low);
      const within = mass > 0 ? (target - before) / mass : 0;
      return Math.min(to, from + within * (to - from));
    },
    *slots() {
      for (let k = 0; k < slotCount; k += 1) {
        yield { startMs: spanOf(k)[0], share: (itemAt(cumulative, k + 1) - itemAt(cumulative, k)) / total };
      }
    },
  };
}

/** Order density: IST daily and weekly rhythm, ~60% growth over the window and a festive-season lift. */
export function orderTimeline(startMs: number, endMs: number): Timeline {
  return createTimeline(startMs, endMs, (ms) => {
    const { hour, weekday } = istClock(ms);
    const growth = 1 + (0.6 * (ms - startMs)) / (endMs - startMs);
    const festive = inFestiveSeason(ms) ? 1.5 : 1;
    return itemAt(orderWeightByIstHour, hour) * itemAt(orderWeightByIstWeekday, weekday) * growth * festive;
  });
}

/** Sign-up density: the same daily rhythm, flatter through the week, with the customer base growing. */
export function signUpTimeline(startMs: number, endMs: number): Timeline {
  return createTimeline(startMs, endMs, (ms) => {
    const { hour } = istClock(ms);
    const growth = 1 + (0.8 * (ms - startMs)) / (endMs - startMs);
    return (0.5 + itemAt(orderWeightByIstHour, hour)) * growth;
  });
}
