import { z } from 'zod';
import { durationMs } from './fields.js';

/**
 * `FREQUENCY_CAP`: at most N messages per customer in any window, across campaigns, written `N/window`
 * (`3/1d`, `10/7d`); `off` or unset for none. Capped recipients are recorded SKIPPED with the reason.
 */
export const frequencyCapSchema = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const text = (value ?? '').trim();
    if (text === '' || text === 'off') return null;
    const [limitText = '', windowText = '', ...rest] = text.split('/');
    const limit = Number(limitText);
    const window = durationMs.safeParse(windowText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1_000 || !window.success || window.data < 60_000 || rest.length > 0) {
      ctx.addIssue({ code: 'custom', message: `"${text}": expected N/window such as 3/1d (N from 1 to 1000, a window of at least 1m), or off` });
      return z.NEVER;
    }
    return { limit, windowMs: window.data };
  });
