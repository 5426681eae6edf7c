import { describe, expect, it } from 'vitest';
import { busiestLocalHour, localMinutes, nextLocalHour, releaseAfterQuietHours } from './zoned-time.js';

const at = (iso: string): number => Date.parse(iso);

describe('clock arithmetic in a time zone', () => {
  it('reads the local clock of an instant, daylight saving included', () => {
    expect(localMinutes(at('2026-01-15T18:10:00Z'), 'Asia/Kolkata')).toBe(23 * 60 + 40);
    expect(localMinutes(at('2026-07-01T12:00:00Z'), 'Europe/Berlin')).toBe(14 * 60);
    expect(localMinutes(at('2026-01-01T12:00:00Z'), 'Europe/Berlin')).toBe(13 * 60);
  });

  it('defers what falls in overnight quiet hours to their end, and leaves the rest alone', () => {
    const quiet = { start: '21:00', end: '09:00', timeZone: 'Asia/Kolkata' };
    // 23:40 in Kolkata → 09:00 the next morning there (03:30 UTC).
    expect(new Date(releaseAfterQuietHours(at('2026-01-15T18:10:00Z'), quiet)).toISOString()).toBe('2026-01-16T03:30:00.000Z');
    // 06:00 there → 09:00 the same morning.
    expect(new Date(releaseAfterQuietHours(at('2026-01-15T00:30:00Z'), quiet)).toISOString()).toBe('2026-01-15T03:30:00.000Z');
    // 12:00 there: not quiet.
    expect(releaseAfterQuietHours(at('2026-01-15T06:30:00Z'), quiet)).toBe(at('2026-01-15T06:30:00Z'));
    // A daytime window.
    expect(new Date(releaseAfterQuietHours(at('2026-01-15T13:15:00Z'), { start: '13:00', end: '14:00', timeZone: 'UTC' })).toISOString()).toBe('2026-01-15T14:00:00.000Z');
  });

  it('finds the next occurrence of an hour, or now while it is that hour', () => {
    expect(new Date(nextLocalHour(at('2026-01-15T08:20:00Z'), 10, 'UTC')).toISOString()).toBe('2026-01-15T10:00:00.000Z');
    expect(new Date(nextLocalHour(at('2026-01-15T11:20:00Z'), 10, 'UTC')).toISOString()).toBe('2026-01-16T10:00:00.000Z');
    expect(nextLocalHour(at('2026-01-15T10:20:00Z'), 10, 'UTC')).toBe(at('2026-01-15T10:20:00Z'));
  });

  it('picks the hour most orders were placed at, in the zone, earliest on a tie', () => {
    const orders = ['2026-01-01T14:10:00Z', '2026-01-02T14:50:00Z', '2026-01-03T09:00:00Z'].map(at);
    expect(busiestLocalHour(orders, 'UTC')).toBe(14);
    expect(busiestLocalHour(orders, 'Asia/Kolkata')).toBe(14); // there they are 19:40, 20:20 and 14:30: a tie, the earliest wins
    expect(busiestLocalHour([at('2026-01-01T05:00:00Z'), at('2026-01-01T03:00:00Z')], 'UTC')).toBe(3);
    expect(busiestLocalHour([], 'UTC')).toBeNull();
  });
});
