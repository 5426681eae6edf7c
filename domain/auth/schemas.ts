import { z } from 'zod';
import { apiKeyScopeSchema, permissions, roleSchema } from './access.js';

// Shapes the API answers with and accepts for sign-in, users, API keys and the audit log;
// shared by the server (validation, OpenAPI) and the web app (parsing answers, forms).

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'expected an id');
const isoDate = z.iso.datetime({ offset: true });

/** An e-mail as we store it: trimmed and lower-cased. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'expected an e-mail address' }).max(254));

/** A person who may sign in. */
export const userSchema = z.object({
  id: objectId,
  email: z.string(),
  name: z.string(),
  pictureUrl: z.string().nullable(),
  role: roleSchema,
  disabled: z.boolean(),
  createdAt: isoDate,
  lastSignInAt: isoDate.nullable(),
});
export type User = z.infer<typeof userSchema>;

/** How the current session was established. */
export const signInMethodSchema = z.enum(['google', 'dev']);
export type SignInMethod = z.infer<typeof signInMethodSchema>;

/** `GET /api/me`: who is signed in, the token cookie-authenticated writes must echo, and how. */
export const meSchema = z.object({
  user: userSchema,
  method: signInMethodSchema,
  /** Send as the `X-CSRF-Token` header on every POST, PUT, PATCH and DELETE. */
  csrfToken: z.string(),
  permissions: z.array(z.enum(permissions)),
  sessionExpiresAt: isoDate,
});
export type Me = z.infer<typeof meSchema>;

/** `GET /api/auth/session`: the signed-in person, or null; always 200, so the app learns it without a failing request. */
export const sessionStateSchema = z.object({ me: meSchema.nullable() });
export type SessionState = z.infer<typeof sessionStateSchema>;

/** `GET /api/auth/providers`: which ways of signing in this server offers. */
export const signInProvidersSchema = z.object({
  google: z.boolean(),
  /** Development sign-in: anyone who can reach the server picks an e-mail. Never on in production. */
  dev: z.boolean(),
});
export type SignInProviders = z.infer<typeof signInProvidersSchema>;

/** `POST /api/auth/dev`: sign in without Google (development only). */
export const devSignInSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1).max(120).optional(),
});
export type DevSignIn = z.infer<typeof devSignInSchema>;

/** `POST /api/users`: an admin invites someone, who may then sign in even outside the allowlist. */
export const inviteUserSchema = z.object({
  email: emailSchema,
  role: roleSchema,
  name: z.string().trim().min(1).max(120).optional(),
});

/** `PATCH /api/users/:id`: change a role, disable (ends their sessions) or re-enable. */
export const updateUserSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((patch) => patch.role !== undefined || patch.disabled !== undefined, { message: 'set role or disabled' });
export type UpdateUser = z.infer<typeof updateUserSchema>;

/** An integrator's API key as listed: never the secret. */
export const apiKeySchema = z.object({
  id: objectId,
  name: z.string(),
  /** The public part of the key, enough to recognise it: `dbk_<prefix>_…`. */
  prefix: z.string(),
  scopes: z.array(apiKeyScopeSchema),
  createdAt: isoDate,
  createdBy: z.string(),
  lastUsedAt: isoDate.nullable(),
  expiresAt: isoDate.nullable(),
  revokedAt: isoDate.nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** `POST /api/api-keys`. */
export const createApiKeySchema = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(apiKeyScopeSchema).min(1).max(3).transform((scopes) => [...new Set(scopes)]),
  expiresAt: isoDate.optional(),
});
export type CreateApiKey = z.infer<typeof createApiKeySchema>;

/** The answer to creating a key: the only time the full key is ever shown. */
export const createdApiKeySchema = z.object({ apiKey: apiKeySchema, key: z.string() });

/** Everything the audit log records. */
export const auditActions = [
  'auth.signed_in',
  'auth.sign_in_refused',
  'auth.signed_out',
  'user.invited',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'apikey.created',
  'apikey.revoked',
  'segment.saved',
  'segment.deleted',
  'campaign.saved',
  'campaign.deleted',
  'campaign.launched',
  'campaign.paused',
  'campaign.resumed',
  'campaign.cancelled',
] as const;
export const auditActionSchema = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditActionSchema>;

/** Who did it: a person, an integrator's key, or Drumbeat itself (the CLI, a workflow). */
export const auditActorSchema = z.object({
  type: z.enum(['user', 'apiKey', 'system']),
  id: z.string().nullable(),
  label: z.string(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

/** One audit entry: who, what, to what, when, from where. */
export const auditEventSchema = z.object({
  id: objectId,
  at: isoDate,
  action: auditActionSchema,
  actor: auditActorSchema,
  target: z.object({ type: z.string(), id: z.string().nullable(), label: z.string().nullable() }).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/** `GET /api/audit-events` filters; newest first, paged by `before` (an event id). */
export const auditQuerySchema = z.object({
  action: auditActionSchema.optional(),
  actorId: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  before: objectId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** A page of audit events; pass `nextBefore` as `before` for the next one. */
export const auditPageSchema = z.object({ events: z.array(auditEventSchema), nextBefore: objectId.nullable() });
