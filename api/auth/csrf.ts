import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import { csrfRejected } from '../../http/errors/catalogue.js';
import type { ActiveSession } from './session-store.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Header carrying the session's CSRF token on cookie-authenticated writes. */
export const csrfHeader = 'X-CSRF-Token';

/**
 * Refuses a cookie-authenticated write that another site could have triggered: it must come from
 * our own origin (when the browser says where it came from) and echo the session's secret token,
 * which only our pages can read from `GET /api/me`. API-key calls carry no cookies and skip this.
 */
export function assertSameSiteWrite(ctx: Context, session: ActiveSession, ownOrigin: string): void {
  if (safeMethods.has(ctx.method)) return;
  assertSameOrigin(ctx, ownOrigin);
  const presented = ctx.get(csrfHeader);
  const expected = session.record.csrfToken;
  if (!presented || presented.length !== expected.length || !timingSafeEqual(Buffer.from(presented), Buffer.from(expected))) {
    throw csrfRejected(`Send the ${csrfHeader} header from GET /api/me with every change.`);
  }
}

/** Refuses a request a browser marked as coming from another site or origin. */
export function assertSameOrigin(ctx: Context, ownOrigin: string): void {
  const origin = ctx.get('Origin');
  if (origin && origin !== ownOrigin) throw csrfRejected('This request came from another site.');
  if (ctx.get('Sec-Fetch-Site') === 'cross-site') throw csrfRejected('This request came from another site.');
}
