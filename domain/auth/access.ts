import { z } from 'zod';

// Who may do what, in one table. The API enforces it, the web app hides what a role cannot use,
// and the route-access test checks every route against it.

/** People's roles, from most to least powerful. */
export const roles = ['admin', 'marketer', 'viewer'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** What an integrator's API key may be used for. */
export const apiKeyScopes = ['ingest', 'read', 'campaigns'] as const;
export const apiKeyScopeSchema = z.enum(apiKeyScopes);
export type ApiKeyScope = z.infer<typeof apiKeyScopeSchema>;

/** Every permission a route can require. */
export const permissions = [
  'system:read',
  'customers:read',
  'customers:ingest',
  'segments:read',
  'segments:write',
  'campaigns:read',
  'campaigns:write',
  'ai:use',
  'users:manage',
  'apikeys:manage',
  'audit:read',
] as const;
export type Permission = (typeof permissions)[number];

const readPermissions: Permission[] = ['system:read', 'customers:read', 'segments:read', 'campaigns:read'];
const marketerPermissions: Permission[] = [...readPermissions, 'customers:ingest', 'segments:write', 'campaigns:write', 'ai:use'];

/** What each role may do: viewers read, marketers also build and run, admins also govern. */
export const rolePermissions: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set(readPermissions),
  marketer: new Set(marketerPermissions),
  admin: new Set(permissions),
};

/** What each API key scope grants; keys never manage users, keys or the audit log. */
export const scopePermissions: Record<ApiKeyScope, ReadonlySet<Permission>> = {
  ingest: new Set(['customers:ingest']),
  read: new Set(readPermissions),
  campaigns: new Set(['campaigns:read', 'campaigns:write', 'segments:read']),
};

/** True when a role holds the permission. */
export function roleAllows(role: Role, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

/** True when any of the scopes grants the permission. */
export function scopesAllow(scopes: readonly ApiKeyScope[], permission: Permission): boolean {
  return scopes.some((scope) => scopePermissions[scope].has(permission));
}
