import { describe, expect, it, vi } from 'vitest';
import { fakeFetch, jsonResponse, problemResponse } from '../testing/fakeServer';
import { ApiError, createApiClient, noContent } from './client';

const parseName = (body: unknown): string => {
  if (typeof body === 'object' && body !== null && 'name' in body && typeof body.name === 'string') return body.name;
  throw new TypeError('no name');
};

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('createApiClient().getJson', () => {
  it('asks for JSON with same-origin credentials and returns the parsed body', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => jsonResponse({ name: 'drumbeat' }) });

    await expect(createApiClient(fetchImpl).getJson('/api/thing', parseName)).resolves.toBe('drumbeat');

    const init = fetchImpl.mock.calls[0]?.[1];
    expect(init?.credentials).toBe('same-origin');
    expect(new Headers(init?.headers).get('accept')).toBe('application/json');
  });

  it('turns a problem+json answer into an ApiError carrying the problem details', async () => {
    const problem = {
      type: 'https://drumbeat.dev/problems/validation',
      title: 'Invalid request',
      status: 400,
      detail: 'The body has 1 error.',
      requestId: 'req-42',
      errors: [{ path: 'email', message: 'Invalid email' }],
    };
    const fetchImpl = fakeFetch({ '/api/thing': () => jsonResponse(problem, 400, 'application/problem+json') });

    const error = await caught(createApiClient(fetchImpl).getJson('/api/thing', parseName));

    expect(error.status).toBe(400);
    expect(error.problem).toEqual(problem);
    expect(error.message).toBe('The body has 1 error.');
  });

  it('describes a non-JSON gateway error by its status', async () => {
    const fetchImpl = fakeFetch({
      '/api/thing': () => new Response('<h1>Bad Gateway</h1>', { status: 502, statusText: 'Bad Gateway' }),
    });

    const error = await caught(createApiClient(fetchImpl).getJson('/api/thing', parseName));

    expect(error.problem).toMatchObject({ status: 502, title: 'Bad Gateway' });
  });

  it('returns the body of an accepted non-2xx status as data', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => jsonResponse({ name: 'degraded' }, 503) });

    const name = await createApiClient(fetchImpl).getJson('/api/thing', parseName, { acceptStatuses: [503] });

    expect(name).toBe('degraded');
  });

  it('rejects a 2xx body that does not fit the expected shape', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => jsonResponse({ nom: 'x' }) });

    const error = await caught(createApiClient(fetchImpl).getJson('/api/thing', parseName));

    expect(error.problem).toMatchObject({ status: 200, title: 'Unexpected response' });
  });

  it('reports a network failure as status 0', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => Promise.reject(new TypeError('Failed to fetch')) });

    const error = await caught(createApiClient(fetchImpl).getJson('/api/thing', parseName));

    expect(error.problem).toMatchObject({ status: 0, title: 'Network error' });
    expect(error.problem.detail).toContain('Failed to fetch');
  });
});

describe('createApiClient().sendJson', () => {
  it('sends the body as JSON with the CSRF token and same-origin credentials', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => jsonResponse({ name: 'saved' }) });
    const client = createApiClient(fetchImpl);
    client.setCsrfTokenProvider(() => 'token-123');

    await expect(client.sendJson('PATCH', '/api/thing', { name: 'x' }, parseName)).resolves.toBe('saved');

    const init = fetchImpl.mock.calls[0]?.[1];
    const headers = new Headers(init?.headers);
    expect(init?.method).toBe('PATCH');
    expect(init?.credentials).toBe('same-origin');
    expect(init?.body).toBe('{"name":"x"}');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('x-csrf-token')).toBe('token-123');
  });

  it('puts the CSRF token on writes only, never on reads', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => jsonResponse({ name: 'x' }) });
    const client = createApiClient(fetchImpl);
    client.setCsrfTokenProvider(() => 'token-123');

    await client.getJson('/api/thing', parseName);
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      await client.sendJson(method, '/api/thing', undefined, parseName);
    }

    const tokens = fetchImpl.mock.calls.map(([, init]) => new Headers(init?.headers).get('x-csrf-token'));
    expect(tokens).toEqual([null, 'token-123', 'token-123', 'token-123', 'token-123']);
  });

  it('sends no CSRF header while nobody is signed in', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => jsonResponse({ name: 'x' }) });
    const client = createApiClient(fetchImpl);
    client.setCsrfTokenProvider(() => null);

    await client.sendJson('POST', '/api/thing', { name: 'x' }, parseName);

    expect(new Headers(fetchImpl.mock.calls[0]?.[1]?.headers).has('x-csrf-token')).toBe(false);
  });

  it('resolves a 204 without reading a body', async () => {
    const fetchImpl = fakeFetch({ '/auth/logout': () => new Response(null, { status: 204 }) });

    await expect(createApiClient(fetchImpl).sendJson('POST', '/auth/logout', undefined, noContent)).resolves.toBeUndefined();

    expect(fetchImpl.mock.calls[0]?.[1]?.body).toBeNull();
  });

  it('keeps the stable problem code the server sends', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => problemResponse(403, 'not_allowed', 'Forbidden') });

    const error = await caught(createApiClient(fetchImpl).sendJson('POST', '/api/thing', {}, parseName));

    expect(error.problem).toMatchObject({ status: 403, code: 'not_allowed' });
  });
});

describe('createApiClient() unauthorized handler', () => {
  it('hears about every 401, reads and writes alike, and the call still rejects', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => problemResponse(401, 'unauthenticated', 'Unauthorized') });
    const client = createApiClient(fetchImpl);
    const onUnauthorized = vi.fn();
    client.setUnauthorizedHandler(onUnauthorized);

    expect((await caught(client.getJson('/api/thing', parseName))).status).toBe(401);
    expect((await caught(client.sendJson('DELETE', '/api/thing', undefined, noContent))).status).toBe(401);

    expect(onUnauthorized).toHaveBeenCalledTimes(2);
    expect(onUnauthorized.mock.calls[0]?.[0]).toBeInstanceOf(ApiError);
  });

  it('stays quiet for other failures', async () => {
    const fetchImpl = fakeFetch({ '/api/thing': () => problemResponse(403, 'forbidden', 'Forbidden') });
    const client = createApiClient(fetchImpl);
    const onUnauthorized = vi.fn();
    client.setUnauthorizedHandler(onUnauthorized);

    await caught(client.getJson('/api/thing', parseName));

    expect(onUnauthorized).not.toHaveBeenCalled();
  });
});
