import type { Middleware } from 'koa';
import { z } from 'zod';
import { corsRefused } from './errors/catalogue.js';

const allowedMethods = 'GET, POST, PUT, PATCH, DELETE';
const allowedHeaders = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id';
// Without these a browser script cannot read the rate-limit state or the id to quote in a report.
const exposedHeaders = 'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id';
// Ten minutes: browsers cap it near there anyway, and a tightened list takes effect soon.
const preflightMaxAgeSeconds = '600';

/**
 * Cross-origin access for the listed origins only (exact scheme://host:port); closed when the list
 * is empty. Refuses preflights from other origins with 403 and never reflects them.
 */
export function cors(options: { allowedOrigins: string[] }): Middleware {
  const allowed = new Set(options.allowedOrigins);
  // Cross-origin callers authenticate with API keys in the Authorization header, never with cookies,
  // so Access-Control-Allow-Credentials is never sent: a page elsewhere can't ride a signed-in session.
  return async (ctx, next) => {
    const origin = ctx.get('Origin');
    const isPreflight = ctx.method === 'OPTIONS' && origin !== '' && ctx.get('Access-Control-Request-Method') !== '';
    // With an allow-list the answer depends on Origin, so caches must key on it; closed, it never does.
    if (allowed.size > 0) ctx.vary('Origin');
    if (isPreflight) {
      if (!allowed.has(origin)) throw corsRefused();
      ctx.set({
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Methods': allowedMethods,
        'Access-Control-Allow-Headers': allowedHeaders,
        'Access-Control-Max-Age': preflightMaxAgeSeconds,
        'Access-Control-Expose-Headers': exposedHeaders,
      });
      ctx.status = 204;
      return;
    }
    // Set before the rest of the chain so error responses (429, 401, …) stay readable to the caller.
    if (allowed.has(origin)) {
      ctx.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Expose-Headers': exposedHeaders });
    }
    await next();
  };
}

/**
 * Parses a comma-separated list of origins ("https://app.example.com, http://localhost:5173") into
 * their canonical form as browsers send them; throws on anything but a bare http(s) origin.
 */
export function parseOrigins(text: string): string[] {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return [...new Set(items.map(parseOrigin))];
}

function parseOrigin(text: string): string {
  const invalid = (reason: string) => new Error(`Invalid CORS origin "${text}": ${reason}; expected e.g. https://app.example.com`);
  // Wildcards would pass URL parsing as a literal "*" host; reject them so nobody thinks they match.
  if (text.includes('*')) throw invalid('wildcards are not supported');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('only http and https');
  if (url.username !== '' || url.password !== '') throw invalid('no credentials');
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]/.test(text)) throw invalid('no path, query or fragment');
  return url.origin;
}

/** A config value listing allowed origins, comma-separated; unset or empty means none. */
export const allowedOriginsSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    try {
      return parseOrigins(text ?? '');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : 'invalid origin list' });
      return z.NEVER;
    }
  });
