import { z } from 'zod';
import { roleSchema, type Role } from '../domain/auth/access.js';
import { commaList, durationMs, optionalText } from './fields.js';

const googleEndpoints = {
  authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  userInfoUrl: 'https://openidconnect.googleapis.com/v1/userinfo',
};

/** Used by the API and the vendor when no secret is configured (never in production). */
export const developmentReceiptsSecret = 'drumbeat-development-receipts-secret';

/** Environment variables for sign-in, sessions and signed vendor callbacks (part of the API role's config). */
export const authEnvShape = {
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  // Overridable so tests (and private deployments) can point the real strategy at another provider.
  GOOGLE_AUTHORIZATION_URL: z.url().default(googleEndpoints.authorizationUrl),
  GOOGLE_TOKEN_URL: z.url().default(googleEndpoints.tokenUrl),
  GOOGLE_USERINFO_URL: z.url().default(googleEndpoints.userInfoUrl),
  AUTH_ALLOWED_EMAILS: commaList,
  AUTH_ALLOWED_DOMAINS: commaList,
  AUTH_ADMIN_EMAILS: commaList,
  AUTH_DEFAULT_ROLE: roleSchema.default('viewer'),
  AUTH_DEV_SIGN_IN: z.enum(['auto', 'true', 'false']).default('auto'),
  SESSION_IDLE_TIMEOUT: durationMs.default(12 * 3_600_000),
  SESSION_MAX_AGE: durationMs.default(7 * 86_400_000),
  RECEIPTS_SIGNING_SECRET: commaList,
};

type AuthEnv = z.output<z.ZodObject<typeof authEnvShape>> & { NODE_ENV: string; PUBLIC_URL?: string | undefined };

/** Production refuses to start without a way to sign in, an allowlist, a public URL and a receipts secret. */
export function checkAuthEnv(env: AuthEnv, ctx: z.RefinementCtx): void {
  const production = env.NODE_ENV === 'production';
  const googleConfigured = Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET);
  const issue = (path: string, message: string): void => ctx.addIssue({ code: 'custom', path: [path], message });
  if (Boolean(env.GOOGLE_CLIENT_ID) !== Boolean(env.GOOGLE_CLIENT_SECRET)) {
    issue('GOOGLE_CLIENT_SECRET', 'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together');
  }
  for (const email of [...env.AUTH_ALLOWED_EMAILS, ...env.AUTH_ADMIN_EMAILS]) {
    if (!z.email().safeParse(email.toLowerCase()).success) issue('AUTH_ALLOWED_EMAILS', `${email} is not an e-mail address`);
  }
  for (const domain of env.AUTH_ALLOWED_DOMAINS) {
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(domain)) issue('AUTH_ALLOWED_DOMAINS', `${domain} is not a domain name`);
  }
  if (env.SESSION_MAX_AGE < env.SESSION_IDLE_TIMEOUT) {
    issue('SESSION_MAX_AGE', 'SESSION_MAX_AGE must be at least SESSION_IDLE_TIMEOUT');
  }
  if (!production) return;
  if (env.AUTH_DEV_SIGN_IN === 'true') {
    issue('AUTH_DEV_SIGN_IN', 'AUTH_DEV_SIGN_IN cannot be enabled in production: anyone could sign in as anyone');
  }
  if (!googleConfigured) {
    issue('GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are required in production (nobody could sign in)');
  }
  if (env.AUTH_ALLOWED_EMAILS.length + env.AUTH_ALLOWED_DOMAINS.length + env.AUTH_ADMIN_EMAILS.length === 0) {
    issue('AUTH_ALLOWED_DOMAINS', 'AUTH_ALLOWED_DOMAINS, AUTH_ALLOWED_EMAILS or AUTH_ADMIN_EMAILS must say who may sign in, in production');
  }
  if (!env.PUBLIC_URL) issue('PUBLIC_URL', 'PUBLIC_URL is required in production: the OAuth callback URL is built from it');
  else if (!isHttps(env.PUBLIC_URL) && !isLoopbackUrl(env.PUBLIC_URL)) {
    issue('PUBLIC_URL', 'PUBLIC_URL must be https in production (session cookies are Secure); plain http only on localhost');
  }
  if (env.RECEIPTS_SIGNING_SECRET.length === 0 || env.RECEIPTS_SIGNING_SECRET.some((secret) => secret.length < 32)) {
    issue('RECEIPTS_SIGNING_SECRET', 'RECEIPTS_SIGNING_SECRET must be set to at least 32 random characters in production');
  }
}

/** Who may sign in: listed e-mails, anyone at a listed domain, and the configured admins. */
export interface Allowlist {
  emails: string[];
  domains: string[];
  adminEmails: string[];
}

export interface AuthConfig {
  google: { clientId: string; clientSecret: string; authorizationUrl: string; tokenUrl: string; userInfoUrl: string } | null;
  devSignIn: boolean;
  allowlist: Allowlist;
  defaultRole: Role;
  sessionIdleMs: number;
  sessionMaxAgeMs: number;
  secureCookies: boolean;
  /** Secrets the vendor may sign receipts with; several while rotating, the first is current. */
  receiptsSecrets: string[];
}

/** The typed auth settings of a parsed environment. */
export function authConfigOf(env: AuthEnv): AuthConfig {
  const production = env.NODE_ENV === 'production';
  const google =
    env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
      ? {
          clientId: env.GOOGLE_CLIENT_ID,
          clientSecret: env.GOOGLE_CLIENT_SECRET,
          authorizationUrl: env.GOOGLE_AUTHORIZATION_URL,
          tokenUrl: env.GOOGLE_TOKEN_URL,
          userInfoUrl: env.GOOGLE_USERINFO_URL,
        }
      : null;
  const lower = (items: string[]): string[] => items.map((item) => item.toLowerCase());
  return {
    google,
    // "auto": on for the embedded default, where no Google client exists yet; never in production.
    devSignIn: !production && (env.AUTH_DEV_SIGN_IN === 'true' || (env.AUTH_DEV_SIGN_IN === 'auto' && google === null)),
    allowlist: {
      emails: lower(env.AUTH_ALLOWED_EMAILS),
      domains: lower(env.AUTH_ALLOWED_DOMAINS).map((domain) => domain.replace(/^@/, '')),
      adminEmails: lower(env.AUTH_ADMIN_EMAILS),
    },
    defaultRole: env.AUTH_DEFAULT_ROLE,
    sessionIdleMs: env.SESSION_IDLE_TIMEOUT,
    sessionMaxAgeMs: env.SESSION_MAX_AGE,
    // Secure cookies need TLS in front of us; a production stack tried out on http://localhost cannot set them.
    secureCookies: production && env.PUBLIC_URL !== undefined && isHttps(env.PUBLIC_URL),
    receiptsSecrets: env.RECEIPTS_SIGNING_SECRET.length > 0 ? env.RECEIPTS_SIGNING_SECRET : [developmentReceiptsSecret],
  };
}

function isHttps(url: string): boolean {
  return url.startsWith('https://');
}

function isLoopbackUrl(url: string): boolean {
  try {
    return ['localhost', '127.0.0.1', '[::1]'].includes(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** How people sign in under this environment, in one line for the start-up banner. */
export function describeSignIn(env: NodeJS.ProcessEnv): string {
  const parsed = z.object(authEnvShape).safeParse(env);
  if (!parsed.success) return 'not configured correctly (the API will say why)';
  const config = authConfigOf({ ...parsed.data, NODE_ENV: env.NODE_ENV ?? 'development', PUBLIC_URL: env.PUBLIC_URL });
  if (config.devSignIn) return 'DEVELOPMENT sign-in: no password, anyone who reaches the app can sign in (set GOOGLE_CLIENT_ID/SECRET for Google)';
  return config.google ? 'Google' : 'none configured';
}
