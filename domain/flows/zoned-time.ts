import { clockMinutes } from './time-of-day.js';

// Clock arithmetic in a named time zone, for best-hour waits and quiet hours. Built on Intl, which
// knows each zone's offsets; the workflow reaches it only through an activity, so a change of the
// runtime's zone data can never alter a recorded history.

const minuteMs = 60_000;
const dayMinutes = 24 * 60;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Minutes since local midnight of an instant in a zone (21:30 → 1290). */
export function localMinutes(epochMs: number, timeZone: string): number {
  let hour = 0;
  let minute = 0;
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type === 'hour') hour = Number(part.value);
    if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

/** The instant `minutes` of local clock time after `epochMs`, at the start of that minute. */
function afterLocalMinutes(epochMs: number, minutes: number): number {
  return epochMs - (epochMs % minuteMs) + minutes * minuteMs;
}

/** True when a local time (minutes since midnight) falls in [start, end); a window whose start is after its end runs overnight. */
function withinWindow(minutes: number, start: number, end: number): boolean {
  return start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
}

/**
 * When something planned for `at` may happen given quiet hours: `at` itself outside them, else the
 * window's end on the local clock (21:00–09:00 in Asia/Kolkata: 23:40 there becomes 09:00 next morning).
 */
export function releaseAfterQuietHours(at: number, quietHours: { start: string; end: string; timeZone: string }): number {
  const start = clockMinutes(quietHours.start);
  const end = clockMinutes(quietHours.end);
  const now = localMinutes(at, quietHours.timeZone);
  if (Number.isNaN(start) || Number.isNaN(end) || start === end || !withinWindow(now, start, end)) return at;
  return afterLocalMinutes(at, (end - now + dayMinutes) % dayMinutes);
}

/**
 * The next moment from `from` at which the local clock in `timeZone` shows `hour`: `from` itself while
 * it is already that hour, else the coming `hour`:00.
 */
export function nextLocalHour(from: number, hour: number, timeZone: string): number {
  const now = localMinutes(from, timeZone);
  if (Math.floor(now / 60) === hour) return from;
  return afterLocalMinutes(from, (hour * 60 - now + dayMinutes) % dayMinutes);
}

/** The local hour of day at which most of these instants fall (the earliest hour on a tie); null when there are none. */
export function busiestLocalHour(instants: readonly number[], timeZone: string): number | null {
  if (instants.length === 0) return null;
  const counts = new Array<number>(24).fill(0);
  for (const instant of instants) {
    const hour = Math.floor(localMinutes(instant, timeZone) / 60);
    counts[hour] = (counts[hour] ?? 0) + 1;
  }
  let best = 0;
  for (let hour = 1; hour < 24; hour += 1) if ((counts[hour] ?? 0) > (counts[best] ?? 0)) best = hour;
  return best;
}
