import { createHash, timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { unauthorized } from '../http/errors/catalogue.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Requires `Authorization: Bearer <key>` on every path under `prefix`; compared in constant time. */
export function requireApiKey(apiKey: string, prefix = '/v1/'): Middleware {
  const expected = digest(apiKey);
  return async (ctx, next) => {
    if (!ctx.path.startsWith(prefix)) {
      await next();
      return;
    }
    const presented = /^Bearer\s+(\S+)\s*$/i.exec(ctx.get('Authorization'))?.[1];
    if (presented === undefined) throw unauthorized('Send the vendor API key as "Authorization: Bearer <key>".');
    if (!timingSafeEqual(digest(presented), expected)) throw unauthorized('The vendor API key is not valid.');
    await next();
  };
}
