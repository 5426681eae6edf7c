import type { Allowlist } from '../../config/auth.js';

/** True when the configuration names no one: only invited users (or, in development, anyone) may enter. */
export function allowlistIsEmpty(allowlist: Allowlist): boolean {
  return allowlist.emails.length + allowlist.domains.length + allowlist.adminEmails.length === 0;
}

/** True when the e-mail is listed, is a configured admin, or belongs to a listed domain (exactly, not a subdomain). */
export function allowlistAdmits(allowlist: Allowlist, email: string): boolean {
  const normalized = email.trim().toLowerCase();
  if (allowlist.emails.includes(normalized) || allowlist.adminEmails.includes(normalized)) return true;
  const at = normalized.lastIndexOf('@');
  return at > 0 && allowlist.domains.includes(normalized.slice(at + 1));
}
