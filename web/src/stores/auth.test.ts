import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../api/client';
import { fakeAuthApi } from '../testing/fakeAuth';
import { fakeFetch, jsonResponse, meFixture, problemResponse, systemInfoFixture } from '../testing/fakeServer';
import { apiClientFor, provideApiClient } from './apiClient';
import { provideAuthApi, useAuthStore } from './auth';
import { useSystemStore } from './system';

let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

/** The store wired to the real client and schemas over a fake network, as every store on the Pinia would be. */
function storeOver(fetchImpl: typeof fetch) {
  provideApiClient(pinia, createApiClient(fetchImpl));
  return useAuthStore();
}

function headersOf(fetchImpl: ReturnType<typeof fakeFetch>, path: string): Headers {
  const call = fetchImpl.mock.calls.find(([input]) => input === path);
  if (!call) throw new Error(`no call to ${path}`);
  return new Headers(call[1]?.headers);
}

describe('useAuthStore', () => {
  it('loads the signed-in user, their permissions and CSRF token from the session route', async () => {
    const store = storeOver(fakeFetch({ '/api/auth/session': () => jsonResponse({ me: meFixture() }) }));

    await store.load();

    expect(store.signedIn).toBe(true);
    expect(store.user?.email).toBe('ada@example.com');
    expect(store.method).toBe('google');
    expect(store.isDevSession).toBe(false);
    expect(store.csrfToken).toBe('csrf-token-1');
    expect(store.can('segments:write')).toBe(true);
    expect(store.can('users:manage')).toBe(false);
    expect(store.error).toBeNull();
    expect(store.loading).toBe(false);
  });

  it('treats no session as nobody signed in, not as an error', async () => {
    const store = storeOver(fakeFetch({ '/api/auth/session': () => jsonResponse({ me: null }) }));

    await store.load();

    expect(store.signedIn).toBe(false);
    expect(store.settled).toBe(true);
    expect(store.expired).toBe(false);
    expect(store.error).toBeNull();
    expect(store.can('system:read')).toBe(false);
  });

  it('keeps asking after a network failure instead of deciding the user is anonymous', async () => {
    const store = storeOver(vi.fn<typeof fetch>().mockRejectedValue(new TypeError('Failed to fetch')));

    await store.ensureLoaded();

    expect(store.error).toMatchObject({ status: 0, title: 'Network error' });
    expect(store.settled).toBe(false);
  });

  it('asks for the session once however often the session is needed', async () => {
    const api = fakeAuthApi();
    provideAuthApi(pinia, api);
    const store = useAuthStore();

    await Promise.all([store.ensureLoaded(), store.ensureLoaded()]);
    await store.ensureLoaded();

    expect(api.fetchMe).toHaveBeenCalledTimes(1);
  });

  it('signs in with the development form and posts the normalised e-mail', async () => {
    const fetchImpl = fakeFetch({ '/api/auth/dev': () => jsonResponse(meFixture({ method: 'dev' })) });
    const store = storeOver(fetchImpl);

    await expect(store.signInDev({ email: ' Ada@Example.com ', name: 'Ada' })).resolves.toBe(true);

    const init = fetchImpl.mock.calls[0]?.[1];
    expect(init?.method).toBe('POST');
    expect(JSON.parse(init?.body as string)).toEqual({ email: 'ada@example.com', name: 'Ada' });
    expect(store.signedIn).toBe(true);
    expect(store.isDevSession).toBe(true);
  });

  it('reports a refused development sign-in with the server code', async () => {
    const store = storeOver(
      fakeFetch({ '/api/auth/dev': () => problemResponse(403, 'not_allowed', 'Forbidden', 'Not on the allowlist.') }),
    );

    await expect(store.signInDev({ email: 'eve@example.com' })).resolves.toBe(false);

    expect(store.signedIn).toBe(false);
    expect(store.error).toMatchObject({ status: 403, code: 'not_allowed' });
  });

  it('signs out with the session CSRF token and forgets the user', async () => {
    const fetchImpl = fakeFetch({
      '/api/auth/session': () => jsonResponse({ me: meFixture({ csrfToken: 'token-for-logout' }) }),
      '/auth/logout': () => new Response(null, { status: 204 }),
    });
    const store = storeOver(fetchImpl);
    await store.load();

    await expect(store.signOut()).resolves.toBe(true);

    expect(headersOf(fetchImpl, '/auth/logout').get('x-csrf-token')).toBe('token-for-logout');
    expect(store.signedIn).toBe(false);
    expect(store.csrfToken).toBeNull();
    expect(store.expired).toBe(false);
  });

  it('stays signed in and reports the problem when signing out fails', async () => {
    const store = storeOver(
      fakeFetch({
        '/api/auth/session': () => jsonResponse({ me: meFixture() }),
        '/auth/logout': () => problemResponse(503, 'service_unavailable', 'Service unavailable'),
      }),
    );
    await store.load();

    await expect(store.signOut()).resolves.toBe(false);

    expect(store.signedIn).toBe(true);
    expect(store.error?.status).toBe(503);
  });

  it('marks the session expired when another store gets a 401', async () => {
    const fetchImpl = fakeFetch({
      '/api/auth/session': () => jsonResponse({ me: meFixture() }),
      '/readyz': () => jsonResponse({}, 500),
      '/api/system': () => problemResponse(401, 'unauthenticated', 'Unauthorized'),
    });
    const store = storeOver(fetchImpl);
    await store.load();

    await useSystemStore().refresh();

    expect(store.signedIn).toBe(false);
    expect(store.expired).toBe(true);
  });

  it('puts the token on writes any store makes through the shared client', async () => {
    const fetchImpl = fakeFetch({
      '/api/auth/session': () => jsonResponse({ me: meFixture({ csrfToken: 'shared' }) }),
      '/api/system': () => jsonResponse(systemInfoFixture()),
    });
    const store = storeOver(fetchImpl);
    await store.load();

    await apiClientFor(pinia).sendJson('POST', '/api/system', {}, () => undefined);

    expect(headersOf(fetchImpl, '/api/system').get('x-csrf-token')).toBe('shared');
  });
});
