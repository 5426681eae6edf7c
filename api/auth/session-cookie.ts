import type { Context } from 'koa';

const cookieOptions = { httpOnly: true, sameSite: 'lax', path: '/', overwrite: true } as const;

// `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and for path "/",
// so a sibling subdomain cannot plant or overwrite it. Plain HTTP (development) cannot use it.
function cookieName(secure: boolean): string {
  return secure ? '__Host-drumbeat_session' : 'drumbeat_session';
}

/**
 * Puts the session token in a signed, httpOnly, SameSite=Lax cookie (Secure in production).
 * Lax, not Strict: the browser must send it on the top-level navigation back from Google.
 */
export function setSessionCookie(ctx: Context, token: string, maxAgeMs: number, secure: boolean): void {
  ctx.cookies.set(cookieName(secure), token, { ...cookieOptions, signed: true, secure, maxAge: maxAgeMs });
}

/** Removes the session cookie from the browser. */
export function clearSessionCookie(ctx: Context, secure: boolean): void {
  ctx.cookies.set(cookieName(secure), null, { ...cookieOptions, signed: true, secure });
}

/** The session token from the request, if its signature is valid. */
export function readSessionToken(ctx: Context, secure: boolean): string | undefined {
  return ctx.cookies.get(cookieName(secure), { signed: true }) || undefined;
}
