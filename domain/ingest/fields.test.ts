import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { attributesRecord, cappedString, email, externalIdentifier, flexibleDate, moneyAmount, tagList, wholeCount } from './fields.js';

function messagesOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return result.error.issues.map((issue) => issue.message);
}

describe('moneyAmount', () => {
  it('takes numbers and plain numeric strings, rounded to cents', () => {
    expect(moneyAmount.parse('350.00')).toBe(350);
    expect(moneyAmount.parse(' 1200.5 ')).toBe(1200.5);
    expect(moneyAmount.parse(1200.75)).toBe(1200.75);
    expect(moneyAmount.parse(1.005)).toBe(1.01);
    expect(moneyAmount.parse('19.999')).toBe(20);
    expect(moneyAmount.parse(0)).toBe(0);
  });

  it('refuses negative, NaN, Infinity, words, commas and exponents', () => {
    expect(messagesOf(moneyAmount, -1)).toEqual(['amounts must not be negative']);
    expect(messagesOf(moneyAmount, '-5.00')).toEqual(['amounts must not be negative']);
    expect(messagesOf(moneyAmount, Number.NaN)[0]).toMatch(/expected an amount/);
    expect(messagesOf(moneyAmount, Number.POSITIVE_INFINITY)[0]).toMatch(/expected an amount/);
    expect(messagesOf(moneyAmount, 'abc')[0]).toMatch(/plain decimal number/);
    expect(messagesOf(moneyAmount, 'NaN')[0]).toMatch(/plain decimal number/);
    expect(messagesOf(moneyAmount, 'Infinity')[0]).toMatch(/plain decimal number/);
    expect(messagesOf(moneyAmount, '1e3')[0]).toMatch(/plain decimal number/);
    expect(messagesOf(moneyAmount, '1,200.50')[0]).toMatch(/commas are not accepted/);
    expect(messagesOf(moneyAmount, '')[0]).toMatch(/plain decimal number/);
    expect(messagesOf(moneyAmount, true)[0]).toMatch(/expected an amount/);
    expect(messagesOf(moneyAmount, 2e12)[0]).toMatch(/at most/);
  });
});

describe('flexibleDate', () => {
  const iso = (value: unknown) => (flexibleDate.parse(value)).toISOString();

  it('reads a date-time without a zone as UTC, and date-only as UTC midnight', () => {
    expect(iso('2025-05-18T12:00:00')).toBe('2025-05-18T12:00:00.000Z');
    expect(iso('2025-05-18 12:00')).toBe('2025-05-18T12:00:00.000Z');
    expect(iso('2025-05-10')).toBe('2025-05-10T00:00:00.000Z');
  });

  it('applies a zone and keeps milliseconds', () => {
    expect(iso('2025-05-10T15:30:00.000Z')).toBe('2025-05-10T15:30:00.000Z');
    expect(iso('2025-05-10T21:00:00+05:30')).toBe('2025-05-10T15:30:00.000Z');
    expect(iso('2025-05-10T10:30:00.123456-0500')).toBe('2025-05-10T15:30:00.123Z');
  });

  it('takes epoch milliseconds', () => {
    expect(iso(Date.UTC(2025, 4, 18, 12))).toBe('2025-05-18T12:00:00.000Z');
  });

  it('refuses nonsense, impossible dates, epoch seconds and years outside 1970..2100', () => {
    expect(messagesOf(flexibleDate, 'yesterday')[0]).toMatch(/ISO 8601/);
    expect(messagesOf(flexibleDate, '2025-02-30')[0]).toMatch(/not a calendar date/);
    expect(messagesOf(flexibleDate, '2025-05-18T25:00:00')[0]).toMatch(/time of day/);
    expect(messagesOf(flexibleDate, '2025-05-18T12:00:00+15:00')[0]).toMatch(/offset/);
    expect(messagesOf(flexibleDate, 1_747_569_600)[0]).toMatch(/looks like seconds/);
    expect(messagesOf(flexibleDate, '1969-12-31')).toEqual(['dates must fall between 1970 and 2100']);
    expect(messagesOf(flexibleDate, '2101-01-01')).toEqual(['dates must fall between 1970 and 2100']);
    expect(messagesOf(flexibleDate, '0075-01-01')).toEqual(['dates must fall between 1970 and 2100']);
    expect(messagesOf(flexibleDate, Date.UTC(2200, 0, 1))).toEqual(['dates must fall between 1970 and 2100']);
    expect(messagesOf(flexibleDate, {})[0]).toMatch(/expected a date/);
  });
});

describe('strings and ids', () => {
  it('trims and lower-cases an e-mail, and refuses what is not one', () => {
    expect(email.parse('  John.Doe@Example.COM ')).toBe('john.doe@example.com');
    expect(email.safeParse('john.doe').success).toBe(false);
    expect(email.safeParse({ $gt: '' }).success).toBe(false);
  });

  it('caps strings after trimming and refuses empty ones, saying the limit', () => {
    expect(cappedString(5).parse('  abcde ')).toBe('abcde');
    expect(messagesOf(cappedString(5), 'abcdef')).toEqual(['must be at most 5 characters']);
    expect(messagesOf(cappedString(5), '   ')).toEqual(['must not be empty']);
  });

  it('takes an external id as a string or a whole number', () => {
    expect(externalIdentifier.parse(' crm-42 ')).toBe('crm-42');
    expect(externalIdentifier.parse(42)).toBe('42');
    expect(externalIdentifier.safeParse(4.2).success).toBe(false);
    expect(messagesOf(externalIdentifier, 'x'.repeat(129))).toEqual(['must be at most 128 characters']);
  });

  it('takes whole counts as numbers or digit strings', () => {
    expect(wholeCount(0).parse('10')).toBe(10);
    expect(wholeCount(0).parse(0)).toBe(0);
    expect(messagesOf(wholeCount(0), '10.5')).toEqual(['expected a whole number']);
    expect(messagesOf(wholeCount(0), -1)).toEqual(['must be at least 0']);
    expect(messagesOf(wholeCount(1), 0)).toEqual(['must be at least 1']);
  });
});

describe('tagList', () => {
  it('splits a comma-separated string, trims, drops blanks and duplicates', () => {
    expect(tagList.parse('a, b, a')).toEqual(['a', 'b']);
    expect(tagList.parse([' vip ', 'vip', '', 'new'])).toEqual(['vip', 'new']);
    expect(tagList.parse('')).toEqual([]);
  });

  it('refuses more than 50 distinct tags and tags over 64 characters', () => {
    const many = Array.from({ length: 51 }, (_, index) => `tag${index}`);
    expect(messagesOf(tagList, many)[0]).toMatch(/at most 50 tags/);
    expect(tagList.parse([...many.slice(0, 50), 'tag0'])).toHaveLength(50);
    expect(tagList.safeParse(['x'.repeat(65)]).error?.issues[0]?.path).toEqual([0]);
    expect(messagesOf(tagList, [1, 2])[0]).toMatch(/array of strings/);
  });
});

describe('attributesRecord', () => {
  it('takes flat scalar attributes', () => {
    const attributes = { tier: 'gold', score: 7.5, optedIn: true, referrer: null, _source: 'shop' };
    expect(attributesRecord.parse(attributes)).toEqual(attributes);
  });

  it('refuses nested values, bad names, long text and too many attributes, with the attribute as path', () => {
    const paths = (value: unknown) => attributesRecord.safeParse(value).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths({ nested: { a: 1 } })).toEqual(['nested']);
    expect(paths({ list: [1] })).toEqual(['list']);
    expect(paths({ '1st': 1, 'with space': 2 })).toEqual(['1st', 'with space']);
    expect(paths({ note: 'x'.repeat(501) })).toEqual(['note']);
    expect(paths({ ['x'.repeat(65)]: 1 })).toEqual(['x'.repeat(65)]);
    const fiftyOne = Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`a${index}`, index]));
    expect(messagesOf(attributesRecord, fiftyOne)).toEqual(['at most 50 attributes']);
    expect(attributesRecord.safeParse(['a']).success).toBe(false);
  });
});
