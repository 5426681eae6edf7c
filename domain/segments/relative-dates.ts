// Relative dates ("within the last 30 days") are resolved against an explicit `now` so that preview,
// send and tests agree on the instant; nothing here reads the clock.

/** Milliseconds in a day; relative dates count whole 24-hour days back from `now` (UTC has no DST). */
export const dayMilliseconds = 86_400_000;

/** The instant `days` days before `now`; throws on an invalid `now` rather than matching nothing silently. */
export function daysBefore(now: Date, days: number): Date {
  const instant = now.getTime();
  if (Number.isNaN(instant)) throw new RangeError('now must be a valid date');
  return new Date(instant - days * dayMilliseconds);
}
