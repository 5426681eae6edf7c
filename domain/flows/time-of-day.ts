import { z } from 'zod';

// Times of day in a named zone, for best-hour waits and quiet hours. A zone is an IANA name because
// offsets ("+05:30") ignore daylight saving, which is exactly when a 21:00 quiet hour would go wrong.
// Names are checked by the runtime's own time-zone data (Intl), which the API, the browser and the
// workflow sandbox all have, so all three accept the same names.

const zoneNamePattern = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

// Only names found valid are remembered: the set is bounded by the zone database, whatever callers send.
const knownZones = new Set<string>(['UTC']);

/** True for a time-zone name the runtime knows (`UTC`, `Asia/Kolkata`, `America/Argentina/Buenos_Aires`). */
export function isTimeZone(name: string): boolean {
  if (knownZones.has(name)) return true;
  if (name.length > 64 || !zoneNamePattern.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    return false;
  }
  knownZones.add(name);
  return true;
}

/** An IANA time-zone name. */
export const timeZoneSchema = z
  .string({ error: 'expected a time-zone name such as "Asia/Kolkata" or "UTC"' })
  .refine(isTimeZone, { message: 'expected a time-zone name such as "Asia/Kolkata" or "UTC" (IANA names; offsets such as "+05:30" ignore daylight saving)' });

const clockPattern = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** A time of day, `HH:MM` on a 24-hour clock. */
export const clockTimeSchema = z.string({ error: 'expected a time of day such as "21:00"' }).regex(clockPattern, 'expected a time of day such as "21:00" (24-hour clock, HH:MM)');

/** Minutes since midnight of an `HH:MM` time (`"21:30"` → 1290); NaN for anything else. */
export function clockMinutes(clock: string): number {
  const match = clockPattern.exec(clock);
  return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
}
