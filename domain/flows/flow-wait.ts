import { z } from 'zod';
import { discriminatorError, flowCodeParams } from './flow-errors.js';
import { clockMinutes, clockTimeSchema, timeZoneSchema } from './time-of-day.js';

// How long a wait node holds customers. Every kind ends within 90 days: a campaign's workflow must not
// outlive the data it was planned on, and its timers must stay reviewable.

/** The longest a wait may last: 90 days, in seconds. */
export const maxWaitSeconds = 90 * 86_400;

const durationWaitSchema = z.strictObject({
  kind: z.literal('duration'),
  seconds: z
    .number({ error: 'expected a number of seconds' })
    .int('expected a whole number of seconds')
    .min(1, 'a wait lasts at least 1 second')
    .refine((seconds) => seconds <= maxWaitSeconds, {
      message: `a wait may last at most 90 days (${maxWaitSeconds.toLocaleString('en-US')} seconds)`,
      params: flowCodeParams('wait_too_long'),
    }),
});

const untilWaitSchema = z.strictObject({
  kind: z.literal('until'),
  /** Must be in the future and at most 90 days ahead when the flow is validated (validateFlow checks it against `now`). */
  at: z.iso.datetime({ offset: true, error: 'expected a date-time with its offset, such as "2025-06-01T09:00:00+05:30"' }),
});

/**
 * Waits until the next occurrence of the customer's best hour: the hour of day (in `timeZone`) at which
 * they most often placed orders; customers without orders wait for `fallbackHour`. Never longer than
 * `withinHours` from entering the wait.
 */
const bestHourWaitSchema = z.strictObject({
  kind: z.literal('bestHour'),
  withinHours: z
    .number({ error: 'expected a number of hours' })
    .int('expected a whole number of hours')
    .min(1, 'look at least 1 hour ahead')
    .max(168, 'look at most 168 hours (a week) ahead')
    .default(24),
  fallbackHour: z.number({ error: 'expected an hour of the day' }).int('expected a whole hour').min(0, 'expected an hour from 0 to 23').max(23, 'expected an hour from 0 to 23').default(10),
  timeZone: timeZoneSchema.default('UTC'),
});

const waitKinds = ['duration', 'until', 'bestHour'] as const;

/** What a wait node waits for: a duration, a date-time, or each customer's best hour. */
export const waitSpecSchema = z.discriminatedUnion('kind', [durationWaitSchema, untilWaitSchema, bestHourWaitSchema], {
  error: discriminatorError(
    'expected a wait: {"kind": "duration", "seconds"}, {"kind": "until", "at"} or {"kind": "bestHour"}',
    `expected "kind" to be one of: ${waitKinds.join(', ')}`,
  ),
});
export type WaitSpec = z.infer<typeof waitSpecSchema>;

/**
 * Hours in which nothing is sent: a send that would fall inside is deferred to `end`. A window whose
 * start is after its end runs overnight (21:00–09:00).
 */
export const quietHoursSchema = z
  .strictObject({ start: clockTimeSchema, end: clockTimeSchema, timeZone: timeZoneSchema })
  .refine(({ start, end }) => clockMinutes(start) !== clockMinutes(end), {
    message: 'quiet hours must start and end at different times',
    path: ['end'],
    params: flowCodeParams('quiet_hours'),
  });
export type QuietHours = z.infer<typeof quietHoursSchema>;
