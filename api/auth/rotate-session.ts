import type { Context } from 'koa';
import { readSessionToken } from './session-cookie.js';
import type { SessionStore } from './session-store.js';

/**
 * Ends whatever session the browser brought to a sign-in, so the new one gets a fresh id: a session
 * id planted before sign-in (session fixation) is worth nothing after it.
 */
export async function rotateSession(ctx: Context, sessions: SessionStore, secureCookies: boolean): Promise<void> {
  const previousToken = readSessionToken(ctx, secureCookies);
  if (!previousToken) return;
  const previous = await sessions.resume(previousToken);
  if (previous) await sessions.destroy(previous);
}
