import fs from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import serve from 'koa-static';

const serverOwnedPrefixes = ['/api/', '/auth/', '/healthz', '/readyz'];

/**
 * Serves the built web app and answers unknown page paths with index.html, so the app's router
 * handles deep links; API paths are never shadowed by it.
 */
export function webAppMiddleware(distDir: string): Middleware {
  const root = path.resolve(distDir);
  const indexFile = path.join(root, 'index.html');
  const files = serve(root, { index: 'index.html', maxage: 0, gzip: true });
  return async (ctx, next) => {
    if (serverOwnedPrefixes.some((prefix) => ctx.path === prefix.replace(/\/$/, '') || ctx.path.startsWith(prefix))) {
      await next();
      return;
    }
    await files(ctx, async () => {});
    if (ctx.body !== undefined && ctx.body !== null) return;
    const wantsPage = (ctx.method === 'GET' || ctx.method === 'HEAD') && ctx.accepts('html') === 'html';
    if (wantsPage && fs.existsSync(indexFile)) {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = fs.createReadStream(indexFile);
      return;
    }
    await next();
  };
}
