// The rule trees the segment benchmark previews: one per shape that costs differently to compile and
// run (flat, nested, relative dates, tag arrays, a wide OR). Values are chosen against the demo data
// (domain/demo: 20 Indian cities weighted by population, six tags, spend in ₹ from two orders per
// customer on average, half of whom never order) so each selects a realistic share (5–10 %, the wide OR about 40 %),
// not a handful: a near-empty match would flatter the preview's limit-10 sample query.

import type { SegmentRule } from '../domain/segments/rule.js';

/** A named tree as a client would send it in `{ rule }`. */
export interface BenchTree {
  name: string;
  description: string;
  rule: SegmentRule;
}

const leaf = (field: string, operator: string, value: unknown): SegmentRule => ({ field, operator, value });
const and = (...rules: SegmentRule[]): SegmentRule => ({ op: 'and', rules });
const or = (...rules: SegmentRule[]): SegmentRule => ({ op: 'or', rules });

const smallerCities = ['Chandigarh', 'Kochi', 'Coimbatore', 'Visakhapatnam', 'Bhopal', 'Patna', 'Nagpur', 'Kanpur', 'Lucknow', 'Indore'];

/** The five trees, in report order. */
export const benchTrees: readonly BenchTree[] = [
  {
    name: 'flat',
    description: 'and(spend > 2000, visits < 6): spenders who rarely browse',
    // The example thresholds (> 5000, < 3) match 0.3 % of the demo customers: visits follow orders.
    rule: and(leaf('spend', 'gt', 2000), leaf('visits', 'lt', 6)),
  },
  {
    name: 'nested',
    description: 'or(and(spend > 8000, visits < 10), and(orderCount >= 5, city in 5 metros))',
    rule: or(
      and(leaf('spend', 'gt', 8000), leaf('visits', 'lt', 10)),
      and(leaf('orderCount', 'gte', 5), leaf('city', 'in', ['Delhi', 'Mumbai', 'Bengaluru', 'Chennai', 'Pune'])),
    ),
  },
  {
    name: 'date-relative',
    description: 'and(lastActive olderThanDays 180, spend > 1000): lapsed spenders',
    rule: and(leaf('lastActive', 'olderThanDays', 180), leaf('spend', 'gt', 1000)),
  },
  {
    name: 'tags',
    description: 'and(tags hasAny [vip, returning], tags hasAll [newsletter, app-user])',
    rule: and(leaf('tags', 'hasAny', ['vip', 'returning']), leaf('tags', 'hasAll', ['newsletter', 'app-user'])),
  },
  {
    name: 'wide-or',
    description: 'or of 20 leaves: 10 smaller cities, 4 tag tests, 6 spend, visit and order bands',
    rule: or(
      ...smallerCities.map((city) => leaf('city', 'eq', city)),
      leaf('tags', 'hasAny', ['vip']),
      leaf('tags', 'hasAny', ['corporate']),
      leaf('tags', 'hasAll', ['student', 'newsletter']),
      leaf('tags', 'hasAll', ['returning', 'app-user']),
      leaf('spend', 'between', [15_000, 20_000]),
      leaf('spend', 'between', [25_000, 30_000]),
      leaf('spend', 'gte', 50_000),
      leaf('visits', 'between', [45, 50]),
      leaf('visits', 'gte', 60),
      leaf('orderCount', 'gte', 20),
    ),
  },
];
