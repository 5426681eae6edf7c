import type { RouteLocationNamedRaw, RouteLocationNormalized, RouteLocationRaw } from 'vue-router';
import { useAuthStore } from './stores/auth';

// Browsers drop tabs and newlines when parsing a URL ("/\t/evil.test" becomes "//evil.test") and read a
// backslash as a slash; either could turn a path into another site.
function hasUnsafeCharacter(path: string): boolean {
  return [...path].some((char) => char === '\\' || char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

/** A same-site path to return to after signing in, or null when `value` is anything else. */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return null;
  if (hasUnsafeCharacter(value)) return null;
  // Coming back to the sign-in page would only loop.
  if (/^\/sign-in(?:[/?#]|$)/.test(value)) return null;
  return value;
}

/** The sign-in page, remembering `returnTo` when it is a safe place to come back to. */
export function signInLocation(returnTo: string): RouteLocationNamedRaw {
  const target = safeReturnTo(returnTo);
  return target ? { name: 'sign-in', query: { returnTo: target } } : { name: 'sign-in' };
}

/** Lets signed-in users through to pages their permissions allow and sends everyone else to sign in. */
export async function authGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const auth = useAuthStore();
  await auth.ensureLoaded();
  if (to.meta.guestOnly) return auth.signedIn ? (safeReturnTo(to.query.returnTo) ?? '/') : true;
  // Replace, so Back does not land on a page that would only redirect again.
  if (!auth.signedIn) return { ...signInLocation(to.fullPath), replace: true };
  if (to.meta.permission && !auth.can(to.meta.permission)) {
    return { name: 'forbidden', query: { from: to.fullPath }, replace: true };
  }
  return true;
}
