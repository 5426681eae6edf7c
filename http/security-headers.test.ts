import Router from '@koa/router';
import Koa from 'koa';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notFound } from './errors/catalogue.js';
import { errorMiddleware } from './errors/middleware.js';
import { requestContext } from './request-context.js';
import { securityHeaders } from './security-headers.js';
import { listen, type ListeningServer } from './server.js';

// An app mounted the way the API mounts it, with routes that succeed, fail and leak a banner.
async function startApp(production: boolean): Promise<ListeningServer> {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  router.get('/ok', (ctx) => {
    ctx.body = { ok: true };
  });
  router.get('/explode', () => {
    throw new Error('boom');
  });
  router.get('/missing', () => {
    throw notFound();
  });
  router.get('/banner', (ctx) => {
    ctx.set('X-Powered-By', 'Koa');
    ctx.body = 'hello';
  });
  app.use(requestContext(pino({ level: 'silent' })));
  app.use(securityHeaders({ production }));
  app.use(errorMiddleware());
  app.use(router.routes());
  return listen(app.callback(), '127.0.0.1', 0);
}

let development: ListeningServer;
let production: ListeningServer;

beforeAll(async () => {
  [development, production] = await Promise.all([startApp(false), startApp(true)]);
});

afterAll(async () => {
  await Promise.all([development.close(), production.close()]);
});

function expectHardened(headers: Headers): void {
  expect(headers.get('X-Content-Type-Options')).toBe('nosniff');
  expect(headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
  expect(headers.get('X-Frame-Options')).toBe('DENY');
  expect(headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  expect(headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
  expect(headers.get('Permissions-Policy')).toMatch(/camera=\(\).*geolocation=\(\).*microphone=\(\)/);
  expect(headers.get('Content-Security-Policy')).toContain("default-src 'self'");
}

describe('securityHeaders', () => {
  it('sends a strict Content-Security-Policy fit for the web app and Swagger UI', async () => {
    const policy = (await fetch(`${development.url}/ok`)).headers.get('Content-Security-Policy') ?? '';
    const directives = Object.fromEntries(
      policy.split(';').map((directive) => {
        const [name = '', ...sources] = directive.trim().split(/\s+/);
        return [name, sources.join(' ')];
      }),
    );
    expect(directives).toEqual({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: https://lh3.googleusercontent.com",
      'connect-src': "'self'",
      'font-src': "'self' data:",
      'object-src': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'none'",
    });
  });

  it('hardens successful responses but sends no HSTS outside production', async () => {
    const response = await fetch(`${development.url}/ok`);
    expect(response.status).toBe(200);
    expectHardened(response.headers);
    expect(response.headers.get('Strict-Transport-Security')).toBeNull();
  });

  it('sends HSTS for a year including subdomains in production', async () => {
    const response = await fetch(`${production.url}/ok`);
    expectHardened(response.headers);
    expect(response.headers.get('Strict-Transport-Security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('hardens error responses too: a thrown error, a typed 404 and an unrouted path', async () => {
    for (const path of ['/explode', '/missing', '/no-such-route']) {
      const response = await fetch(`${production.url}${path}`);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expectHardened(response.headers);
      expect(response.headers.get('Strict-Transport-Security')).not.toBeNull();
    }
  });

  it('removes X-Powered-By', async () => {
    const response = await fetch(`${development.url}/banner`);
    expect(response.status).toBe(200);
    expect(response.headers.get('X-Powered-By')).toBeNull();
  });
});
