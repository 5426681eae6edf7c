import { parseFlexibleDate } from '../ingest/dates.js';
import { maxTagLength } from '../ingest/fields.js';
import { dayMilliseconds } from './relative-dates.js';
import { segmentLimits, type CheckedValue, type FieldType, type SegmentOperator } from './rule.js';

// The value of one leaf, typed by its field's type and its operator. Anything that is not the expected
// scalar (an object such as {"$where": …}, a list where one value belongs) is refused, so no value can
// ever carry a query operator into the compiled filter.

/** A problem with a value; `path` is relative to the value ('' for the value itself, '1' for a list item). */
export interface ValueProblem {
  path: string;
  message: string;
}

/** A checked value, or every problem found in it. */
export type ValueCheck = { ok: true; value: CheckedValue } | { ok: false; problems: ValueProblem[] };

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
// What a list or a range parses to: its problems are per item, so they carry their own paths.
type ItemsParsed<T> = Parsed<T> | { ok: false; problems: ValueProblem[] };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

function described(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'an object';
  if (typeof raw === 'string') return 'text';
  return `a ${typeof raw}`;
}

const numericText = /^-?\d+(\.\d+)?$/;

// "5000" is taken because forms and the AI send numbers as text; "5K" or "1,000" is not, since the
// reading of units belongs to whoever wrote the prompt, not to a guess here.
function numberOf(raw: unknown): Parsed<number> {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  const value = typeof raw === 'number' ? raw : text !== undefined && numericText.test(text) ? Number(text) : undefined;
  if (value === undefined) return fail(`expected a number such as 5000, got ${described(raw)}`);
  if (!Number.isFinite(value)) return fail('expected a finite number');
  return { ok: true, value: value + 0 }; // + 0 turns -0 into 0
}

const loneSurrogate = /\p{Cs}/u;

// Trimmed because stored profile text is trimmed at ingestion; NUL is refused because MongoDB cannot
// hold it in a pattern, and lone surrogates because they are not text anyone can type.
function textOf(raw: unknown): Parsed<string> {
  if (typeof raw !== 'string') return fail(`expected text, got ${described(raw)}`);
  const text = raw.trim();
  if (text === '') return fail('must not be empty');
  if (text.length > segmentLimits.maxStringLength) return fail(`must be at most ${segmentLimits.maxStringLength} characters`);
  if (text.includes('\u0000') || loneSurrogate.test(text)) return fail('must be plain text (no NUL or broken characters)');
  return { ok: true, value: text };
}

function booleanOf(raw: unknown): Parsed<boolean> {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
  return fail(`expected true or false, got ${described(raw)}`);
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A date as ingestion reads it (no zone = UTC, date-only = UTC midnight). A date-only value used as an
 * upper bound (`after`, the end of `between`) means the end of that day, so "between 1 and 31 May"
 * includes 31 May and "after 18 May" starts on the 19th, as a marketer means it.
 */
function dateOf(raw: unknown, bound: 'start' | 'end'): Parsed<Date> {
  if (typeof raw !== 'string') return fail(`expected an ISO 8601 date such as "2025-05-18" or "2025-05-18T12:00:00Z", got ${described(raw)}`);
  const parsed = parseFlexibleDate(raw);
  if (!parsed.ok) return parsed;
  const wholeDay = bound === 'end' && dateOnly.test(raw.trim());
  return { ok: true, value: wholeDay ? new Date(parsed.value.getTime() + dayMilliseconds - 1) : parsed.value };
}

function daysOf(raw: unknown): Parsed<number> {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  const value = typeof raw === 'number' ? raw : text !== undefined && /^\d+$/.test(text) ? Number(text) : undefined;
  if (value === undefined || !Number.isInteger(value)) return fail(`expected a whole number of days, got ${described(raw)}`);
  if (value < 0 || value > segmentLimits.maxDays) return fail(`days must be between 0 and ${segmentLimits.maxDays}`);
  return { ok: true, value };
}

function refused(message: string): ValueCheck {
  return { ok: false, problems: [{ path: '', message }] };
}

function single<T>(parsed: Parsed<T>, wrap: (value: T) => CheckedValue): ValueCheck {
  return parsed.ok ? { ok: true, value: wrap(parsed.value) } : { ok: false, problems: [{ path: '', message: parsed.message }] };
}

// Items are checked one by one so every bad item is reported with its index.
function listOf<T>(raw: unknown, item: (entry: unknown) => Parsed<T>): ItemsParsed<T[]> {
  if (!Array.isArray(raw)) return fail(`expected a list, got ${described(raw)}`);
  const entries: readonly unknown[] = raw;
  if (entries.length === 0) return fail('must list at least one value');
  if (entries.length > segmentLimits.maxListLength) return fail(`must list at most ${segmentLimits.maxListLength} values`);
  const values: T[] = [];
  const problems: ValueProblem[] = [];
  entries.forEach((entry, index) => {
    const parsed = item(entry);
    if (parsed.ok) values.push(parsed.value);
    else problems.push({ path: String(index), message: parsed.message });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: values };
}

function itemsCheck<T>(result: ItemsParsed<T>, wrap: (value: T) => CheckedValue): ValueCheck {
  if (result.ok) return { ok: true, value: wrap(result.value) };
  return { ok: false, problems: 'problems' in result ? result.problems : [{ path: '', message: result.message }] };
}

function rangeOf<T extends number | Date>(raw: unknown, item: (entry: unknown, index: 0 | 1) => Parsed<T>): ItemsParsed<[T, T]> {
  if (!Array.isArray(raw) || raw.length !== 2) return fail(`expected [from, to], got ${described(raw)}`);
  const [from, to] = [item(raw[0], 0), item(raw[1], 1)];
  const problems = [from, to].flatMap((parsed, index) => (parsed.ok ? [] : [{ path: String(index), message: parsed.message }]));
  if (!from.ok || !to.ok) return { ok: false, problems };
  if (Number(from.value) > Number(to.value)) return fail('from must not be after to');
  return { ok: true, value: [from.value, to.value] };
}

/** Tags as ingestion stores them: trimmed, blanks dropped, duplicates removed; an array or a comma-separated string. */
function tagsOf(raw: unknown): ItemsParsed<string[]> {
  const listed = typeof raw === 'string' ? raw.split(',') : raw;
  const parsed = listOf(listed, (entry): Parsed<string> => {
    if (typeof entry !== 'string') return fail(`expected a tag, got ${described(entry)}`);
    const tag = entry.trim();
    // Ingestion refuses longer tags, so such a tag could never match: say so rather than match nothing.
    if (tag.length > maxTagLength) return fail(`tags are at most ${maxTagLength} characters`);
    return { ok: true, value: tag };
  });
  if (!parsed.ok) return parsed;
  const tags = [...new Set(parsed.value.filter((tag) => tag !== ''))];
  return tags.length > 0 ? { ok: true, value: tags } : fail('must name at least one tag');
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}

/** Checks the value of a leaf whose field type and operator are already known to fit together. */
export function checkLeafValue(type: FieldType, operator: SegmentOperator, raw: unknown): ValueCheck {
  // JSON has no "absent" inside arrays and forms often send null, so null counts as no value.
  if (operator === 'exists' || operator === 'notExists' || operator === 'never') {
    return raw === undefined || raw === null ? { ok: true, value: { kind: 'none' } } : refused(`${operator} takes no value`);
  }
  if (raw === undefined || raw === null) return refused('a value is required');
  switch (type) {
    case 'number':
      if (operator === 'between') return itemsCheck(rangeOf(raw, numberOf), ([from, to]) => ({ kind: 'numberRange', from, to }));
      return single(numberOf(raw), (value) => ({ kind: 'number', value }));
    case 'string':
      if (operator === 'in' || operator === 'notIn') return itemsCheck(listOf(raw, textOf), (values) => ({ kind: 'strings', values: dedupe(values) }));
      return single(textOf(raw), (value) => ({ kind: 'string', value }));
    case 'boolean':
      return single(booleanOf(raw), (value) => ({ kind: 'boolean', value }));
    case 'tags':
      return itemsCheck(tagsOf(raw), (values) => ({ kind: 'strings', values }));
    case 'date':
      if (operator === 'withinLastDays' || operator === 'olderThanDays') return single(daysOf(raw), (value) => ({ kind: 'days', value }));
      if (operator === 'between') {
        return itemsCheck(rangeOf(raw, (entry, index) => dateOf(entry, index === 0 ? 'start' : 'end')), ([from, to]) => ({ kind: 'dateRange', from, to }));
      }
      return single(dateOf(raw, operator === 'after' ? 'end' : 'start'), (value) => ({ kind: 'date', value }));
  }
}
