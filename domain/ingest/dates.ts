// Dates as integrators send them: ISO 8601 with or without a zone, date-only, or epoch milliseconds.
// Parsed by hand rather than with `new Date(text)` because the built-in reads a zone-less date-time as
// *local* time (so the result would depend on the server's TZ) and rolls "2025-02-30" over into March.

/** What a date became: the instant, or why it was refused. */
export type DateParse = { ok: true; value: Date } | { ok: false; message: string };

const earliest = Date.UTC(1970, 0, 1);
const latest = Date.UTC(2101, 0, 1) - 1;

// Anything below this as epoch milliseconds is early 1973: far likelier to be epoch *seconds* sent by
// mistake (which would otherwise land silently in January 1970) than a real customer date.
const smallestEpochMilliseconds = 100_000_000_000;

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?$/;

const formatHint = 'expected an ISO 8601 date such as "2025-05-18T12:00:00Z" or "2025-05-18", or epoch milliseconds';

function inRange(instant: number): DateParse {
  if (instant < earliest || instant > latest) return { ok: false, message: 'dates must fall between 1970 and 2100' };
  return { ok: true, value: new Date(instant) };
}

// Minutes east of UTC; undefined when the offset is impossible (beyond ±14:00 or 60+ minutes).
function offsetMinutes(zone: string | undefined): number | undefined {
  if (zone === undefined || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hours > 14 || minutes > 59 || hours * 60 + minutes > 14 * 60) return undefined;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function parseIsoDate(text: string): DateParse {
  const match = isoPattern.exec(text.trim());
  if (!match) return { ok: false, message: formatHint };
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', zone] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  // Date.UTC maps years 0..99 to 1900..1999, so the written year is checked before it is used.
  if (y < 1969 || y > 2101) return { ok: false, message: 'dates must fall between 1970 and 2100' };
  const calendarDay = new Date(Date.UTC(y, mo - 1, d));
  if (mo < 1 || mo > 12 || calendarDay.getUTCMonth() !== mo - 1 || calendarDay.getUTCDate() !== d) {
    return { ok: false, message: `${text.trim().slice(0, 10)} is not a calendar date` };
  }
  if (h > 23 || mi > 59 || s > 59) return { ok: false, message: 'the time of day is out of range' };
  const offset = offsetMinutes(zone);
  if (offset === undefined) return { ok: false, message: 'the time-zone offset is out of range' };
  const milliseconds = Number(fraction.padEnd(3, '0').slice(0, 3));
  return inRange(Date.UTC(y, mo - 1, d, h, mi, s, milliseconds) - offset * 60_000);
}

function parseEpochMilliseconds(value: number): DateParse {
  if (!Number.isInteger(value)) return { ok: false, message: 'epoch milliseconds must be a whole number' };
  if (value >= 0 && value < smallestEpochMilliseconds) {
    return { ok: false, message: 'expected epoch milliseconds; this looks like seconds (multiply by 1000)' };
  }
  return inRange(value);
}

/** Reads an ISO 8601 string (no zone = UTC, date-only = UTC midnight) or epoch milliseconds, within 1970..2100. */
export function parseFlexibleDate(value: string | number): DateParse {
  return typeof value === 'number' ? parseEpochMilliseconds(value) : parseIsoDate(value);
}
