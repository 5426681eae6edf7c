import Router from '@koa/router';
import Koa from 'koa';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedOriginsSchema, cors, parseOrigins } from './cors.js';
import { notFound } from './errors/catalogue.js';
import { errorMiddleware } from './errors/middleware.js';
import { requestContext } from './request-context.js';
import { listen, type ListeningServer } from './server.js';

const listed = 'https://app.example.com';

async function startApp(allowedOrigins: string[]): Promise<ListeningServer> {
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  router.get('/things', (ctx) => {
    ctx.body = { ok: true };
  });
  router.get('/missing', () => {
    throw notFound();
  });
  app.use(requestContext(pino({ level: 'silent' })));
  app.use(errorMiddleware());
  app.use(cors({ allowedOrigins }));
  app.use(router.routes());
  return listen(app.callback(), '127.0.0.1', 0);
}

let closed: ListeningServer;
let open: ListeningServer;

beforeAll(async () => {
  [closed, open] = await Promise.all([startApp([]), startApp(parseOrigins(`${listed}, http://localhost:5173`))]);
});

afterAll(async () => {
  await Promise.all([closed.close(), open.close()]);
});

const simple = (server: ListeningServer, origin: string | undefined, path = '/things') =>
  fetch(`${server.url}${path}`, { headers: origin === undefined ? {} : { Origin: origin } });

const preflight = (server: ListeningServer, origin: string) =>
  fetch(`${server.url}/things`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
  });

function corsHeaderNames(headers: Headers): string[] {
  return [...headers.keys()].filter((name) => name.startsWith('access-control-'));
}

describe('cors with no allowed origins', () => {
  it('never sets an Access-Control header on a cross-origin request', async () => {
    const response = await simple(closed, listed);
    expect(response.status).toBe(200);
    expect(corsHeaderNames(response.headers)).toEqual([]);
  });

  it('refuses every preflight with 403 cors_refused', async () => {
    const response = await preflight(closed, listed);
    expect(response.status).toBe(403);
    expect(corsHeaderNames(response.headers)).toEqual([]);
    expect(await response.json()).toMatchObject({ status: 403, code: 'cors_refused' });
  });
});

describe('cors with allowed origins', () => {
  it('allows a listed origin on simple requests, exposing the rate-limit and request-id headers', async () => {
    const response = await simple(open, listed);
    expect(response.status).toBe(200);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(listed);
    expect(response.headers.get('Vary')).toMatch(/\bOrigin\b/);
    expect(response.headers.get('Access-Control-Expose-Headers')).toBe(
      'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id',
    );
    expect(response.headers.get('Access-Control-Allow-Credentials')).toBeNull();
  });

  it('keeps the headers on error responses so the caller can read the problem', async () => {
    const response = await simple(open, listed, '/missing');
    expect(response.status).toBe(404);
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(listed);
  });

  it.each([
    'https://evil.example.org',
    'https://app.example.com.evil.org',
    'http://app.example.com',
    'https://app.example.com:8443',
    'null',
  ])('never reflects the unlisted origin %s', async (origin) => {
    const response = await simple(open, origin);
    expect(response.status).toBe(200);
    expect(corsHeaderNames(response.headers)).toEqual([]);
    expect(response.headers.get('Vary')).toMatch(/\bOrigin\b/);
  });

  it('sets no Access-Control header on a request without Origin', async () => {
    expect(corsHeaderNames((await simple(open, undefined)).headers)).toEqual([]);
  });

  it('answers a preflight from a listed origin with 204 and the allowed methods and headers', async () => {
    const response = await preflight(open, 'http://localhost:5173');
    expect(response.status).toBe(204);
    expect(Object.fromEntries(corsHeaderNames(response.headers).map((name) => [name, response.headers.get(name)]))).toEqual({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
      'access-control-allow-headers': 'Authorization, Content-Type, Idempotency-Key, X-Request-Id',
      'access-control-max-age': '600',
      'access-control-expose-headers': 'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-Request-Id',
    });
    expect(response.headers.get('Vary')).toMatch(/\bOrigin\b/);
  });

  it('refuses a preflight from an unlisted origin with 403 and no Access-Control headers', async () => {
    const response = await preflight(open, 'https://app.example.com.evil.org');
    expect(response.status).toBe(403);
    expect(corsHeaderNames(response.headers)).toEqual([]);
    expect(await response.json()).toMatchObject({ code: 'cors_refused' });
  });

  it('treats OPTIONS without Access-Control-Request-Method as an ordinary request', async () => {
    const response = await fetch(`${open.url}/things`, { method: 'OPTIONS', headers: { Origin: listed } });
    expect(response.status).not.toBe(204);
    expect(response.headers.get('Access-Control-Allow-Methods')).toBeNull();
  });
});

describe('parseOrigins', () => {
  it('parses a comma-separated list into canonical origins, as browsers send them', () => {
    expect(parseOrigins(' https://App.Example.com:443/ ,http://localhost:5173,, http://127.0.0.1:8080 ')).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
      'http://127.0.0.1:8080',
    ]);
    expect(parseOrigins('')).toEqual([]);
  });

  it.each([
    ['*', /wildcards/],
    ['https://*.example.com', /wildcards/],
    ['app.example.com', /not a URL/],
    ['null', /not a URL/],
    ['ftp://files.example.com', /only http and https/],
    ['https://app.example.com/api', /no path/],
    ['https://app.example.com?x=1', /no path, query/],
    ['https://app.example.com#top', /no path, query or fragment/],
    ['https://user:pw@app.example.com', /no credentials/],
  ])('rejects %s', (text, reason) => {
    expect(() => parseOrigins(`https://ok.example.com, ${text}`)).toThrow(reason);
  });

  it('serves config as a zod schema, unset meaning no origins', () => {
    expect(allowedOriginsSchema.parse(undefined)).toEqual([]);
    expect(allowedOriginsSchema.parse(listed)).toEqual([listed]);
    expect(allowedOriginsSchema.safeParse('https://x.example.com/path').success).toBe(false);
  });
});
