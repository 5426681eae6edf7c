import { describe, expect, it } from 'vitest';
import { fakeFetch, jsonResponse } from '../testing/fakeServer';
import { ApiError, createApiClient } from './client';

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
