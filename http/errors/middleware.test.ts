import Router from '@koa/router';
import Koa from 'koa';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mountRoutes } from '../../api/routing/mount.js';
import { defineRoute } from '../../api/routing/route.js';
import { jsonBody } from '../json-body.js';
import { requestContext } from '../request-context.js';
import { listen, type ListeningServer } from '../server.js';
import { notFound } from './catalogue.js';
import { errorMiddleware } from './middleware.js';

const secret = 'mongodb://admin:hunter2@db.internal:27017';
const logged: string[] = [];
let server: ListeningServer;

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(line) });
  const app = new Koa();
  app.silent = true;
  const router = new Router();
  mountRoutes(router, [
    defineRoute({
      method: 'post',
      path: '/things/:id',
      operationId: 'createThing',
      summary: 'test route',
      tags: ['test'],
      access: { kind: 'public', reason: 'test route' },
      request: {
        params: z.object({ id: z.string().regex(/^\d+$/) }),
        query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.object({ name: z.string().min(1), price: z.number().nonnegative() }),
      },
      responses: { 201: { description: 'created' } },
      handler: async ({ params, body }) => ({ status: 201, body: { id: params.id, ...body } }),
    }),
  ], async () => {});
  router.get('/explode', () => {
    throw new Error(`connection to ${secret} refused`);
  });
  router.get('/missing', () => {
    throw notFound('No such thing.');
  });
  router.get('/duplicate', () => {
    throw Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });
  });
  app.use(requestContext(logger));
  app.use(errorMiddleware());
  app.use(jsonBody('1kb'));
  app.use(router.routes());
  server = await listen(app.callback(), '127.0.0.1', 0);
});

afterAll(() => server.close());

async function call(path: string, init?: RequestInit): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}${path}`, init);
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

const json = (body: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('errors as application/problem+json', () => {
  it('accepts valid input and passes typed values to the handler', async () => {
    const result = await call('/things/7', json('{"name":"lamp","price":12.5,"extra":"dropped"}'));
    expect(result.status).toBe(201);
    expect(result.body).toEqual({ id: '7', name: 'lamp', price: 12.5 });
  });

  it('rejects invalid params, query and body together with 400 and every offending field', async () => {
    const result = await call('/things/abc?dryRun=maybe', json('{"name":"","price":-1}'));
    expect(result.status).toBe(400);
    expect(result.type).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ code: 'validation_failed', status: 400, title: 'Invalid request' });
    const paths = (result.body.errors as Array<{ path: string }>).map((error) => error.path).sort();
    expect(paths).toEqual(['body.name', 'body.price', 'params.id', 'query.dryRun']);
  });

  it('answers malformed JSON with 400', async () => {
    const result = await call('/things/1', json('{"name": '));
    expect(result.status).toBe(400);
    expect(result.body.code).toBe('malformed_body');
  });

  it('answers an oversized body with 413 naming the limit', async () => {
    const result = await call('/things/1', json(JSON.stringify({ name: 'x'.repeat(2_000), price: 1 })));
    expect(result.status).toBe(413);
    expect(result.body.code).toBe('payload_too_large');
    expect(result.body.detail).toMatch(/1kb/);
  });

  it('maps a duplicate key to 409 and a typed not-found to 404', async () => {
    expect((await call('/duplicate')).body).toMatchObject({ status: 409, code: 'conflict' });
    expect((await call('/missing')).body).toMatchObject({ status: 404, code: 'not_found', detail: 'No such thing.' });
  });

  it('turns an unexpected error into an opaque 500 that leaks nothing but logs the cause', async () => {
    const response = await fetch(`${server.url}/explode`, { headers: { 'x-request-id': 'trace-me-123' } });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('refused');
    expect(text).not.toMatch(/at .*\.ts/);
    expect(JSON.parse(text)).toMatchObject({ code: 'internal_error', requestId: 'trace-me-123' });
    const logLine = logged.find((line) => line.includes('trace-me-123') && line.includes('"level":50'));
    expect(logLine).toContain('refused');
  });
});
