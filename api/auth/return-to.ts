/**
 * A post-sign-in destination we are willing to redirect to: a path on this site. Anything else
 * (absolute URLs, `//host`, `/\host`, control characters) becomes "/", so the sign-in flow cannot be
 * used as an open redirect.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 512) return '/';
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return '/';
  return value;
}
