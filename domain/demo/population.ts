// The per-customer numbers both generators need, computed once: sign-up times in ascending order,
// how strongly each customer buys (a log-normal weight, zero for those who never order), how big
// their baskets run, their favourite category, and how many orders they can expect to get.

import { categoryShares, productCategories } from './catalogue.js';
import { ascendingUniforms, createRandom, deriveSeed, itemAt, weightedPicker } from './random.js';
import { dayMs, orderTimeline, signUpTimeline, type Timeline } from './timeline.js';

/** Salts that give each generator its own independent stream of the same seed. */
export const streams = { population: 1, customer: 2, orders: 3, emailSuffix: 4, phone: 5 } as const;

/** Customers sign up over the last three years. */
export const signUpWindowDays = 3 * 365;
/** Orders are placed over the last eighteen months. */
export const orderWindowDays = 548;

/** Share of customers who never place an order (the first customer always does). */
const neverOrderShare = 0.22;
/** Log-normal spreads of buying frequency and basket size; together they make the long tail. */
const activitySigma = 1.0;
const basketSigma = 0.45;

/** Per-customer columns, indexed by the customer's zero-based position (sign-up order). */
export type Population = {
  count: number;
  signedUpAtMs: Float64Array;
  /** cumulativeWeight[i] is the summed order weight of customers before i; length count + 1. */
  cumulativeWeight: Float64Array;
  basketScale: Float64Array;
  /** Index into productCategories. */
  favouriteCategory: Uint8Array;
  /** Standardised value (frequency and basket, with noise); -Infinity for those who never order. */
  valueScore: Float64Array;
  expectedOrders: Float64Array;
  /** Where order times come from; null when there are no orders. */
  orderTimeline: Timeline | null;
};

const pickFavouriteCategory = weightedPicker(productCategories.map((category, index) => [index, categoryShares[category]] as const));

/** Computes the population table for a seed; O(customers) memory. */
export function buildPopulation(seed: number, count: number, orderCount: number, now: Date): Population {
  const random = createRandom(deriveSeed(seed, streams.population));
  const nowMs = now.getTime();
  const signedUpAtMs = new Float64Array(count);
  if (count > 0) {
    const signUps = signUpTimeline(nowMs - signUpWindowDays * dayMs, nowMs);
    let index = 0;
    for (const u of ascendingUniforms(random, count)) {
      signedUpAtMs[index] = Math.floor(signUps.at(u));
      index += 1;
    }
  }

  const cumulativeWeight = new Float64Array(count + 1);
  const basketScale = new Float64Array(count);
  const favouriteCategory = new Uint8Array(count);
  const valueScore = new Float64Array(count);
  const combinedSigma = Math.hypot(activitySigma, basketSigma);
  for (let i = 0; i < count; i += 1) {
    const activity = random.normal();
    const basket = random.normal();
    const neverOrders = i > 0 && random.chance(neverOrderShare);
    cumulativeWeight[i + 1] = itemAt(cumulativeWeight, i) + (neverOrders ? 0 : Math.exp(activitySigma * activity));
    basketScale[i] = Math.exp(basketSigma * basket);
    favouriteCategory[i] = pickFavouriteCategory(random);
    valueScore[i] = neverOrders ? -Infinity : (activitySigma * activity + basketSigma * basket) / combinedSigma + 0.3 * random.normal();
  }

  const timeline = count > 0 && orderCount > 0 ? orderTimelineFor(itemAt(signedUpAtMs, 0), nowMs) : null;
  const population = { count, signedUpAtMs, cumulativeWeight, basketScale, favouriteCategory, valueScore, orderTimeline: timeline };
  return { ...population, expectedOrders: expectOrders(population, orderCount) };
}

function orderTimelineFor(firstSignUpMs: number, nowMs: number): Timeline {
  // Nobody can order before the first customer signs up; keep at least an hour so the range is never empty.
  const startMs = Math.min(Math.max(nowMs - orderWindowDays * dayMs, firstSignUpMs), nowMs - 60 * 60_000);
  return orderTimeline(startMs, nowMs);
}

/** How many customers had signed up by an instant, at least one (the first always orders). */
export function eligibleCustomers(signedUpAtMs: Float64Array, from: number, atMs: number): number {
  let eligible = from;
  while (eligible < signedUpAtMs.length && itemAt(signedUpAtMs, eligible) <= atMs) eligible += 1;
  return Math.max(1, eligible);
}

/**
 * Expected order count per customer: in each slot an order goes to a signed-up customer with
 * probability weight / (weight of everyone signed up), so a customer collects weight × the sum of
 * share / eligible weight over the slots after their sign-up. Accumulated as a difference array.
 */
function expectOrders(population: Omit<Population, 'expectedOrders'>, orderCount: number): Float64Array {
  const { count, signedUpAtMs, cumulativeWeight, orderTimeline: timeline } = population;
  const expected = new Float64Array(count);
  if (!timeline) return expected;
  const perWeight = new Float64Array(count + 1);
  let eligible = 0;
  for (const slot of timeline.slots()) {
    eligible = eligibleCustomers(signedUpAtMs, eligible, slot.startMs + 15 * 60_000);
    const eligibleWeight = itemAt(cumulativeWeight, eligible);
    if (eligibleWeight <= 0) continue;
    perWeight[0] = itemAt(perWeight, 0) + slot.share / eligibleWeight;
    perWeight[eligible] = itemAt(perWeight, eligible) - slot.share / eligibleWeight;
  }
  let running = 0;
  for (let i = 0; i < count; i += 1) {
    running += itemAt(perWeight, i);
    expected[i] = orderCount * running * (itemAt(cumulativeWeight, i + 1) - itemAt(cumulativeWeight, i));
  }
  return expected;
}
