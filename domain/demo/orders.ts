// Demo orders in time order: ascending uniforms mapped through the order timeline give the times,
// each goes to a customer already signed up (chosen by order weight), and the basket follows the
// customer's favourite category and basket size.

import { catalogue, categoryShares, premiumPrice, productCategories, type Product } from './catalogue.js';
import { eligibleCustomers, streams, type Population } from './population.js';
import { ascendingUniforms, createRandom, deriveSeed, itemAt, weightedPicker, type Random } from './random.js';
import { customerExternalId, orderId, type DemoOrderStatus, type OrderItemRecord, type OrderRecord } from './records.js';
import { dayMs, hourMs } from './timeline.js';

/** Popularity scaled so each category draws its share of demand whatever its number of products. */
const baseWeights = catalogue.map((product) => {
  const categoryPopularity = catalogue.filter((other) => other.category === product.category).reduce((sum, other) => sum + other.popularity, 0);
  return (product.popularity / categoryPopularity) * categoryShares[product.category];
});
const favouriteBoost = 3;
const discounts = [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4] as const;
const pickSettledStatus = weightedPicker<DemoOrderStatus>([['fulfilled', 0.91], ['cancelled', 0.05], ['refunded', 0.04]]);

/** Yields `count` orders for the population, oldest first. */
export function* orderRecords(seed: number, population: Population, count: number, now: Date): Generator<OrderRecord> {
  const timeline = population.orderTimeline;
  if (count === 0 || !timeline) return;
  const random = createRandom(deriveSeed(seed, streams.orders));
  let eligible = 0;
  let index = 0;
  for (const u of ascendingUniforms(random, count)) {
    const orderedAtMs = Math.floor(timeline.at(u));
    eligible = eligibleCustomers(population.signedUpAtMs, eligible, orderedAtMs);
    const customer = pickCustomer(random, population.cumulativeWeight, eligible);
    const items = basket(random, itemAt(population.basketScale, customer), itemAt(productCategories, itemAt(population.favouriteCategory, customer)));
    yield {
      orderId: orderId(index),
      customerExternalId: customerExternalId(customer),
      amount: amountOf(items),
      currency: 'INR',
      status: statusAt(random, now.getTime() - orderedAtMs),
      orderedAt: new Date(orderedAtMs).toISOString(),
      items,
    };
    index += 1;
  }
}

/** Picks among the first `eligible` customers in proportion to their order weight. */
function pickCustomer(random: Random, cumulativeWeight: Float64Array, eligible: number): number {
  const target = random.next() * itemAt(cumulativeWeight, eligible);
  let low = 0;
  let high = eligible - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (itemAt(cumulativeWeight, middle + 1) > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The order's lines: bigger spenders buy more lines, more at once and more premium products. */
function basket(random: Random, basketScale: number, favourite: string): OrderItemRecord[] {
  let lineCount = 1;
  const moreLines = Math.min(0.4, 0.18 * basketScale);
  while (lineCount < 6 && random.chance(moreLines)) lineCount += 1;
  const lines = new Map<string, OrderItemRecord>();
  for (let line = 0; line < lineCount; line += 1) {
    const product = pickProduct(random, basketScale, favourite);
    const quantity = quantityOf(random, product, basketScale);
    const existing = lines.get(product.sku);
    if (existing) existing.quantity += quantity;
    else lines.set(product.sku, { sku: product.sku, name: product.name, category: product.category, quantity, price: priceOf(random, product) });
  }
  return [...lines.values()];
}

function pickProduct(random: Random, basketScale: number, favourite: string): Product {
  const premiumAffinity = Math.min(basketScale * basketScale, 3);
  const weightOf = (product: Product, index: number): number =>
    itemAt(baseWeights, index) * (product.category === favourite ? favouriteBoost : 1) * (product.price >= premiumPrice ? premiumAffinity : 1);
  const total = catalogue.reduce((sum, product, index) => sum + weightOf(product, index), 0);
  let target = random.next() * total;
  for (const [index, product] of catalogue.entries()) {
    target -= weightOf(product, index);
    if (target < 0) return product;
  }
  return itemAt(catalogue, catalogue.length - 1);
}

function quantityOf(random: Random, product: Product, basketScale: number): number {
  let quantity = 1;
  const more = Math.min(0.4, 0.15 * basketScale);
  while (quantity < product.maxQuantity && random.chance(more)) quantity += 1;
  return quantity;
}

/** List price, or a sale price to the paisa on a quarter of lines. */
function priceOf(random: Random, product: Product): number {
  if (!random.chance(0.25)) return product.price;
  return Math.round(product.price * (1 - random.pick(discounts)) * 100) / 100;
}

/** Summed in paise so the total is exact before it becomes rupees again. */
function amountOf(items: readonly OrderItemRecord[]): number {
  return items.reduce((paise, item) => paise + item.quantity * Math.round(item.price * 100), 0) / 100;
}

/** Recent orders are still on their way; older ones have settled, a few cancelled or refunded. */
function statusAt(random: Random, ageMs: number): DemoOrderStatus {
  if (ageMs < 6 * hourMs) return random.chance(0.5) ? 'placed' : 'paid';
  if (ageMs < 3 * dayMs) return random.chance(0.15) ? 'cancelled' : 'paid';
  return pickSettledStatus(random);
}
