import { describe, expect, it } from 'vitest';
import { evaluateSegment } from './evaluate-segment.js';
import { checkedRule, group, leaf } from '../../test/helpers/segment-rules.js';

const now = new Date('2025-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);

// The customers every case is run over: the field set, null, missing, and of the wrong type.
function matching(input: unknown, customers: Record<string, Record<string, unknown>>): string[] {
  const rule = checkedRule(input);
  return Object.entries(customers)
    .filter(([, customer]) => evaluateSegment(rule, customer, now))
    .map(([name]) => name);
}

describe('evaluateSegment: missing, null and wrongly typed values', () => {
  const scores = { five: { attributes: { score: 5 } }, text: { attributes: { score: '5' } }, nulled: { attributes: { score: null } }, missing: { attributes: {} }, noAttributes: {} };

  it('number comparisons only match numbers; ne also matches everything else', () => {
    expect(matching(leaf('attributes.score', 'eq', 5), scores)).toEqual(['five']);
    expect(matching(leaf('attributes.score', 'gte', 0), scores)).toEqual(['five']);
    expect(matching(leaf('attributes.score', 'between', [5, 5]), scores)).toEqual(['five']);
    expect(matching(leaf('attributes.score', 'ne', 5), scores)).toEqual(['text', 'nulled', 'missing', 'noAttributes']);
    expect(matching(leaf('attributes.score', 'exists'), scores)).toEqual(['five', 'text']);
    expect(matching(leaf('attributes.score', 'notExists'), scores)).toEqual(['nulled', 'missing', 'noAttributes']);
  });

  it('string matches ignore case and non-text values; ne and notIn include the rest', () => {
    const cities = { upper: { city: 'PUNE' }, lower: { city: 'pune' }, longer: { city: 'Pune East' }, nulled: { city: null }, missing: {}, number: { city: 5 } };
    expect(matching(leaf('city', 'eq', 'Pune'), cities)).toEqual(['upper', 'lower']);
    expect(matching(leaf('city', 'startsWith', 'pune'), cities)).toEqual(['upper', 'lower', 'longer']);
    expect(matching(leaf('city', 'contains', 'EAST'), cities)).toEqual(['longer']);
    expect(matching(leaf('city', 'in', ['pune', 'goa']), cities)).toEqual(['upper', 'lower']);
    expect(matching(leaf('city', 'ne', 'pune'), cities)).toEqual(['longer', 'nulled', 'missing', 'number']);
    expect(matching(leaf('city', 'notIn', ['pune east', 'PUNE']), cities)).toEqual(['nulled', 'missing', 'number']);
  });

  it('the exact match ends at the very end of the text, not before a final newline', () => {
    expect(matching(leaf('attributes.tier', 'eq', 'gold'), { plain: { attributes: { tier: 'Gold' } }, newline: { attributes: { tier: 'gold\n' } } })).toEqual(['plain']);
  });

  it('dates: comparisons only match dates; olderThanDays and never include missing and null', () => {
    const customers = { recent: { lastActive: daysAgo(1) }, old: { lastActive: daysAgo(100) }, edge: { lastActive: daysAgo(90) }, nulled: { lastActive: null }, missing: {} };
    expect(matching(leaf('lastActive', 'withinLastDays', 90), customers)).toEqual(['recent', 'edge']);
    expect(matching(leaf('lastActive', 'olderThanDays', 90), customers)).toEqual(['old', 'nulled', 'missing']);
    expect(matching(leaf('lastActive', 'never'), customers)).toEqual(['nulled', 'missing']);
    expect(matching(leaf('lastActive', 'before', daysAgo(50).toISOString()), customers)).toEqual(['old', 'edge']);
    expect(matching(leaf('lastActive', 'after', daysAgo(50).toISOString()), customers)).toEqual(['recent']);
    expect(matching(leaf('lastActive', 'between', [daysAgo(90).toISOString(), daysAgo(1).toISOString()]), customers)).toEqual(['recent', 'edge']);
    expect(matching(leaf('lastActive', 'exists'), customers)).toEqual(['recent', 'old', 'edge']);
  });

  it('tags: exact comparison; hasNone and notExists include missing, null and empty tags', () => {
    const customers = { both: { tags: ['vip', 'new'] }, vip: { tags: ['vip'] }, upper: { tags: ['VIP'] }, empty: { tags: [] }, nulled: { tags: null }, missing: {} };
    expect(matching(leaf('tags', 'hasAny', ['vip', 'new']), customers)).toEqual(['both', 'vip']);
    expect(matching(leaf('tags', 'hasAll', ['vip', 'new']), customers)).toEqual(['both']);
    expect(matching(leaf('tags', 'hasNone', ['vip']), customers)).toEqual(['upper', 'empty', 'nulled', 'missing']);
    expect(matching(leaf('tags', 'exists'), customers)).toEqual(['both', 'vip', 'upper']);
    expect(matching(leaf('tags', 'notExists'), customers)).toEqual(['empty', 'nulled', 'missing']);
  });

  it('booleans match only booleans; ne includes the rest', () => {
    const customers = { yes: { attributes: { vip: true } }, no: { attributes: { vip: false } }, one: { attributes: { vip: 1 } }, text: { attributes: { vip: 'true' } }, missing: {} };
    expect(matching(leaf('attributes.vip', 'eq', true), customers)).toEqual(['yes']);
    expect(matching(leaf('attributes.vip', 'ne', true), customers)).toEqual(['no', 'one', 'text', 'missing']);
  });

  it('reads own properties only, never the prototype', () => {
    const rule = checkedRule(leaf('attributes.tier', 'exists'));
    expect(evaluateSegment(rule, { attributes: Object.create({ tier: 'gold' }) as object }, now)).toBe(false);
  });

  it('not is none of its rules', () => {
    const customers = { a: { visits: 1 }, b: { visits: 5 }, c: { visits: 9 } };
    expect(matching(group('not', leaf('visits', 'lt', 2), leaf('visits', 'gt', 8)), customers)).toEqual(['b']);
  });
});
