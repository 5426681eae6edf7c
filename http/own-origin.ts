import type { Context } from 'koa';

/**
 * The origin this server was reached at: PUBLIC_URL's when configured, else scheme and Host of the
 * request. (Koa 3's `ctx.origin` is the caller's Origin header instead, which is no use for
 * deciding whether a request is same-origin.)
 */
export function ownOrigin(ctx: Context, publicUrl: string | undefined): string {
  return publicUrl ? new URL(publicUrl).origin : `${ctx.protocol}://${ctx.host}`;
}
