import { z } from 'zod';
import { logLevels } from '../observability/logger.js';

/** A TCP port; 0 asks the operating system for a free one. */
export const port = z.coerce.number().int().min(0).max(65_535);

/** An environment flag written as true/false/1/0/yes/no. */
export const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** A non-empty string, with empty strings from the environment treated as unset. */
export const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

export const nodeEnv = z.enum(['development', 'test', 'production']).default('development');
export const logLevel = z.enum(logLevels).default('info');

/** A duration in milliseconds, written as a number of ms or with a unit: "500ms", "30s", "5m", "1h", "7d". */
export const durationMs = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(String(value).trim());
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'expected a duration such as 500ms, 30s, 5m, 1h or 7d' });
    return z.NEVER;
  }
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(match[1]) * unit);
});

/** A comma-separated list, trimmed, empty items dropped; unset means empty. */
export const commaList = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter((item) => item !== ''));
