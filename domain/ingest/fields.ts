import { z } from 'zod';
import { emailSchema } from '../auth/schemas.js';
import { parseFlexibleDate } from './dates.js';

// Field schemas for what integrators send. Tolerant where the meaning is certain ("350.00" is 350),
// strict where a guess could be wrong by a factor (1,200.50), and every message says what to send instead.

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

// Turns a hand-written parse into zod's result: the value, or one issue with the parser's message.
function acceptParsed<T>(result: Parsed<T>, ctx: z.RefinementCtx): T {
  if (result.ok) return result.value;
  ctx.addIssue({ code: 'custom', message: result.message });
  return z.NEVER;
}

/** Largest money amount accepted; in cents it is still an exact integer in a double. */
export const maxMoneyAmount = 1_000_000_000_000;

const plainDecimal = /^\d+(\.\d+)?$/;

// toPrecision(15) first strips binary noise, so 1.005 rounds up to 1.01 as a person would expect.
function roundToCents(amount: number): number {
  return Math.round(Number((amount * 100).toPrecision(15))) / 100 + 0;
}

function moneyOf(raw: number | string): Parsed<number> {
  let amount: number;
  if (typeof raw === 'number') amount = raw;
  else {
    const text = raw.trim();
    // A comma is a thousands separator in some locales and the decimal mark in others ("1.200,50"):
    // guessing could misread an amount a thousandfold, so it is refused with the spelling we want.
    if (text.includes(',')) return { ok: false, message: 'commas are not accepted: send 1200.50, not 1,200.50' };
    if (text.startsWith('-') && plainDecimal.test(text.slice(1))) return { ok: false, message: 'amounts must not be negative' };
    if (!plainDecimal.test(text)) return { ok: false, message: 'expected a plain decimal number such as "350.00"' };
    amount = Number(text);
  }
  if (amount < 0) return { ok: false, message: 'amounts must not be negative' };
  if (amount > maxMoneyAmount) return { ok: false, message: `amounts must be at most ${maxMoneyAmount}` };
  return { ok: true, value: roundToCents(amount) };
}

/** A money amount: a number or a plain numeric string ("350.00"), finite, ≥ 0, rounded to 2 decimals. */
export const moneyAmount = z
  .union([z.number(), z.string()], { error: 'expected an amount: a number or a numeric string such as "350.00"' })
  .transform((raw, ctx) => acceptParsed(moneyOf(raw), ctx));

/** An instant: ISO 8601 (no zone = UTC, date-only = UTC midnight) or epoch milliseconds, years 1970..2100. */
export const flexibleDate = z
  .union([z.string(), z.number()], { error: 'expected a date: an ISO 8601 string or epoch milliseconds' })
  .transform((raw, ctx) => acceptParsed(parseFlexibleDate(raw), ctx));

/** An e-mail address, trimmed and lower-cased: the same schema sign-in uses, so both spell an address alike. */
export const email = emailSchema;

/** A trimmed, non-empty string of at most `max` characters (counted after trimming). */
export function cappedString(max: number) {
  return z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
}

/** Longest identifier an integrator may give a customer or an order. */
export const maxExternalIdLength = 128;

function identifierOf(raw: string | number): Parsed<string> {
  if (typeof raw === 'number') {
    if (!Number.isSafeInteger(raw) || raw < 0) return { ok: false, message: 'a numeric id must be a whole number ≥ 0' };
    return { ok: true, value: String(raw) };
  }
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'must not be empty' };
  if (text.length > maxExternalIdLength) return { ok: false, message: `must be at most ${maxExternalIdLength} characters` };
  return { ok: true, value: text };
}

/**
 * An integrator's own id, as a string; whole numbers are taken too (`"externalId": 42` → "42") because
 * ids exported from SQL tables arrive as numbers, and no meaning is lost converting them.
 */
export const externalIdentifier = z
  .union([z.string(), z.number()], { error: 'expected an id: a string or a whole number' })
  .transform((raw, ctx) => acceptParsed(identifierOf(raw), ctx));

function wholeNumberOf(raw: number | string, min: number): Parsed<number> {
  const text = typeof raw === 'string' ? raw.trim() : '';
  const value = typeof raw === 'number' ? raw : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) return { ok: false, message: 'expected a whole number' };
  if (value < min) return { ok: false, message: `must be at least ${min}` };
  return { ok: true, value };
}

/** A whole number ≥ `min`, given as a number or a digits-only string ("10"). */
export function wholeCount(min: number) {
  return z
    .union([z.number(), z.string()], { error: 'expected a whole number' })
    .transform((raw, ctx) => acceptParsed(wholeNumberOf(raw, min), ctx));
}

/** Most tags one customer may carry. */
export const maxTags = 50;
/** Longest tag, in characters. */
export const maxTagLength = 64;

/** Tags as an array of strings or one comma-separated string; trimmed, blanks dropped, duplicates removed (first kept). */
export const tagList = z
  .union([z.array(z.string()), z.string()], { error: 'expected tags: an array of strings or a comma-separated string' })
  .transform((raw) => [...new Set((typeof raw === 'string' ? raw.split(',') : raw).map((tag) => tag.trim()))].filter((tag) => tag !== ''))
  .pipe(
    z
      .array(z.string().max(maxTagLength, `a tag must be at most ${maxTagLength} characters`))
      .max(maxTags, `at most ${maxTags} tags (after removing duplicates)`),
  );

/** Most free-form attributes one customer may carry. */
export const maxAttributes = 50;
/** Longest text value of an attribute, in characters. */
export const maxAttributeTextLength = 500;

const attributeName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/);

const attributeValue = z
  .union([z.string(), z.number(), z.boolean(), z.null()], {
    error: 'attribute values are strings, numbers, booleans or null: nothing nested',
  })
  .refine((value) => typeof value !== 'string' || value.length <= maxAttributeTextLength, {
    message: `must be at most ${maxAttributeTextLength} characters`,
  });

/** Free-form flat attributes (city, tier, …): ≤ 50 names like `loyalty_tier`, scalar values, text ≤ 500 characters. */
export const attributesRecord = z
  .record(attributeName, attributeValue, {
    error: (issue) =>
      issue.code === 'invalid_key'
        ? 'attribute names are letters, digits and "_", not starting with a digit, at most 64 characters'
        : undefined,
  })
  .refine((attributes) => Object.keys(attributes).length <= maxAttributes, { message: `at most ${maxAttributes} attributes` });
