import { describe, expect, it } from 'vitest';
import { compileSegment } from './compile-segment.js';
import { evaluateSegment } from './evaluate-segment.js';
import { checkedRule, group, leaf } from '../../test/helpers/segment-rules.js';

const now = new Date('2025-06-30T12:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
const compiled = (input: unknown) => compileSegment(checkedRule(input), now);
const regex = (pattern: string) => ({ $regex: pattern, $options: 'i' });

describe('compileSegment: number fields', () => {
  it.each([
    ['eq', { $eq: 5000 }],
    ['ne', { $ne: 5000 }],
    ['gt', { $gt: 5000 }],
    ['gte', { $gte: 5000 }],
    ['lt', { $lt: 5000 }],
    ['lte', { $lte: 5000 }],
  ])('%s compiles to the comparison on the document path', (operator, condition) => {
    expect(compiled(leaf('spend', operator, 5000))).toEqual({ totalSpend: condition });
  });

  it('between is inclusive at both ends', () => {
    expect(compiled(leaf('attributes.score', 'between', [10, 20]))).toEqual({ 'attributes.score': { $gte: 10, $lte: 20 } });
  });
});

describe('compileSegment: string fields (case-insensitive, literal)', () => {
  it.each([
    ['eq', { name: regex('^ada\\z') }],
    ['contains', { name: regex('ada') }],
    ['startsWith', { name: regex('^ada') }],
    ['ne', { $nor: [{ name: regex('^ada\\z') }] }],
  ])('%s', (operator, filter) => {
    expect(compiled(leaf('name', operator, 'ada'))).toEqual(filter);
  });

  it('in is any of the exact matches and notIn none of them', () => {
    expect(compiled(leaf('city', 'in', ['Pune', 'Goa']))).toEqual({ $or: [{ city: regex('^Pune\\z') }, { city: regex('^Goa\\z') }] });
    expect(compiled(leaf('city', 'notIn', ['Pune', 'Goa']))).toEqual({ $nor: [{ city: regex('^Pune\\z') }, { city: regex('^Goa\\z') }] });
  });

  it('escapes every regular-expression metacharacter so the text matches only itself', () => {
    expect(compiled(leaf('name', 'contains', '.*(a|b)[c]{2}+?^$\\'))).toEqual({ name: regex('\\.\\*\\(a\\|b\\)\\[c\\]\\{2\\}\\+\\?\\^\\$\\\\') });
    const rule = checkedRule(leaf('name', 'eq', 'a.c'));
    expect(evaluateSegment(rule, { name: 'A.C' }, now)).toBe(true);
    expect(evaluateSegment(rule, { name: 'abc' }, now)).toBe(false);
    expect(evaluateSegment(checkedRule(leaf('name', 'contains', '.*')), { name: 'anything' }, now)).toBe(false);
  });
});

describe('compileSegment: date fields', () => {
  it('before, after and between compare instants', () => {
    const day = new Date('2025-05-18T00:00:00Z');
    expect(compiled(leaf('createdAt', 'before', '2025-05-18'))).toEqual({ createdAt: { $lt: day } });
    expect(compiled(leaf('createdAt', 'after', '2025-05-18T00:00:00Z'))).toEqual({ createdAt: { $gt: day } });
    expect(compiled(leaf('createdAt', 'between', ['2025-05-18T00:00:00Z', '2025-05-19T00:00:00Z']))).toEqual({
      createdAt: { $gte: day, $lte: new Date('2025-05-19T00:00:00Z') },
    });
  });

  it('relative days count back from the given now', () => {
    expect(compiled(leaf('lastOrderAt', 'withinLastDays', 30))).toEqual({ lastOrderAt: { $gte: daysAgo(30) } });
    expect(compiled(leaf('lastActive', 'olderThanDays', 90))).toEqual({ $or: [{ lastActive: { $lt: daysAgo(90) } }, { lastActive: { $eq: null } }] });
    expect(compileSegment(checkedRule(leaf('lastActive', 'withinLastDays', 1)), new Date('2020-01-02T00:00:00Z'))).toEqual({
      lastActive: { $gte: new Date('2020-01-01T00:00:00Z') },
    });
  });

  it('never is missing or null', () => {
    expect(compiled(leaf('lastOrderAt', 'never'))).toEqual({ lastOrderAt: { $eq: null } });
  });

  it('refuses an invalid now instead of matching nothing', () => {
    expect(() => compileSegment(checkedRule(leaf('lastActive', 'withinLastDays', 1)), new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe('compileSegment: tags, booleans, exists', () => {
  it('tags compare exactly: hasAny $in, hasAll $all, hasNone $nin', () => {
    expect(compiled(leaf('tags', 'hasAny', ['vip', 'New']))).toEqual({ tags: { $in: ['vip', 'New'] } });
    expect(compiled(leaf('tags', 'hasAll', ['vip', 'New']))).toEqual({ tags: { $all: ['vip', 'New'] } });
    expect(compiled(leaf('tags', 'hasNone', ['vip']))).toEqual({ tags: { $nin: ['vip'] } });
  });

  it('booleans compare with $eq and $ne', () => {
    expect(compiled(leaf('attributes.vip', 'eq', true))).toEqual({ 'attributes.vip': { $eq: true } });
    expect(compiled(leaf('attributes.vip', 'ne', true))).toEqual({ 'attributes.vip': { $ne: true } });
  });

  it('exists is present and not null (for tags: at least one); notExists the opposite', () => {
    expect(compiled(leaf('city', 'exists'))).toEqual({ city: { $ne: null } });
    expect(compiled(leaf('city', 'notExists'))).toEqual({ city: { $eq: null } });
    expect(compiled(leaf('tags', 'exists'))).toEqual({ tags: { $ne: null, $not: { $size: 0 } } });
    expect(compiled(leaf('tags', 'notExists'))).toEqual({ $or: [{ tags: { $eq: null } }, { tags: { $size: 0 } }] });
  });
});

describe('compileSegment: groups', () => {
  it('and is $and, or is $or, not is $nor', () => {
    const a = leaf('visits', 'gt', 1);
    const b = leaf('visits', 'lt', 5);
    expect(compiled(group('and', a, b))).toEqual({ $and: [{ visits: { $gt: 1 } }, { visits: { $lt: 5 } }] });
    expect(compiled(group('or', a, b))).toEqual({ $or: [{ visits: { $gt: 1 } }, { visits: { $lt: 5 } }] });
    expect(compiled(group('not', a, b))).toEqual({ $nor: [{ visits: { $gt: 1 } }, { visits: { $lt: 5 } }] });
  });
});

describe('the rules marketers write (REFERENCE.md)', () => {
  const active = { totalSpend: 20_000, visits: 1, lastActive: daysAgo(10) };
  const lapsedBigSpender = { totalSpend: 8_000, visits: 9, lastActive: daysAgo(200) };
  const neverActive = { totalSpend: 12_000, visits: 2, lastActive: null };
  const smallNewcomer = { totalSpend: 100, visits: 1 };

  const examples = [
    {
      prompt: "haven't shopped in 6 months and spent over 5K",
      rule: group('and', leaf('lastActive', 'olderThanDays', 180), leaf('spend', 'gt', 5000)),
      filter: { $and: [{ $or: [{ lastActive: { $lt: daysAgo(180) } }, { lastActive: { $eq: null } }] }, { totalSpend: { $gt: 5000 } }] },
      members: [lapsedBigSpender, neverActive],
    },
    {
      prompt: 'spend > 10,000 AND visits < 3 OR inactive for 90 days',
      rule: group('or', group('and', leaf('spend', 'gt', 10000), leaf('visits', 'lt', 3)), leaf('lastActive', 'olderThanDays', 90)),
      filter: {
        $or: [{ $and: [{ totalSpend: { $gt: 10000 } }, { visits: { $lt: 3 } }] }, { $or: [{ lastActive: { $lt: daysAgo(90) } }, { lastActive: { $eq: null } }] }],
      },
      members: [active, lapsedBigSpender, neverActive, smallNewcomer],
    },
    {
      prompt: 'spend > 10000 AND visits < 3',
      rule: group('and', leaf('spend', 'gt', 10000), leaf('visits', 'lt', 3)),
      filter: { $and: [{ totalSpend: { $gt: 10000 } }, { visits: { $lt: 3 } }] },
      members: [active, neverActive],
    },
    {
      prompt: "haven't shopped in 90 days",
      rule: leaf('lastActive', 'olderThanDays', 90),
      filter: { $or: [{ lastActive: { $lt: daysAgo(90) } }, { lastActive: { $eq: null } }] },
      members: [lapsedBigSpender, neverActive, smallNewcomer],
    },
  ];

  it.each(examples)('"$prompt" compiles to the expected filter and selects the expected customers', ({ rule, filter, members }) => {
    const checked = checkedRule(rule);
    expect(compileSegment(checked, now)).toEqual(filter);
    const everyone = [active, lapsedBigSpender, neverActive, smallNewcomer];
    expect(everyone.filter((customer) => evaluateSegment(checked, customer, now))).toEqual(members);
  });
});
