import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../api/client';
import { createSystemApi, type SystemApi } from '../api/system';
import { fakeFetch, jsonResponse, readinessFixture, systemInfoFixture } from '../testing/fakeServer';
import { provideSystemApi, useSystemStore } from './system';

let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

/** The store wired to the real client and schemas over a fake network. */
function storeOver(fetchImpl: typeof fetch) {
  provideSystemApi(pinia, createSystemApi(createApiClient(fetchImpl)));
  return useSystemStore();
}

describe('useSystemStore', () => {
  it('fills readiness and server info from the API on refresh', async () => {
    const store = storeOver(
      fakeFetch({
        '/readyz': () => jsonResponse(readinessFixture()),
        '/api/system': () => jsonResponse(systemInfoFixture({ version: '1.2.3' })),
      }),
    );

    await store.refresh();

    expect(store.readiness?.checks.temporal).toEqual({ status: 'ok', latencyMs: 12 });
    expect(store.info?.version).toBe('1.2.3');
    expect(store.allHealthy).toBe(true);
    expect(store.error).toBeNull();
    expect(store.loading).toBe(false);
    expect(store.checkedAt).toBeInstanceOf(Date);
  });

  it('reports a 503 readiness as data with allHealthy false', async () => {
    const down = readinessFixture({ redis: { status: 'down', latencyMs: 2000, error: 'connect ECONNREFUSED' } });
    const store = storeOver(
      fakeFetch({
        '/readyz': () => jsonResponse(down, 503),
        '/api/system': () => jsonResponse(systemInfoFixture()),
      }),
    );

    await store.refresh();

    expect(store.error).toBeNull();
    expect(store.readiness?.status).toBe('unavailable');
    expect(store.readiness?.checks.redis.error).toBe('connect ECONNREFUSED');
    expect(store.allHealthy).toBe(false);
  });

  it('sets error on a network failure and leaves loading false', async () => {
    const store = storeOver(vi.fn<typeof fetch>().mockRejectedValue(new TypeError('Failed to fetch')));

    await store.refresh();

    expect(store.error).toMatchObject({ status: 0, title: 'Network error' });
    expect(store.readiness).toBeNull();
    expect(store.allHealthy).toBe(false);
    expect(store.loading).toBe(false);
  });

  it('keeps the last readiness when a later refresh fails, and clears the error on recovery', async () => {
    let online = true;
    const store = storeOver(
      fakeFetch({
        '/readyz': () => (online ? jsonResponse(readinessFixture()) : Promise.reject(new TypeError('Failed to fetch'))),
        '/api/system': () => jsonResponse(systemInfoFixture()),
      }),
    );
    await store.refresh();

    online = false;
    await store.refresh();
    expect(store.error?.title).toBe('Network error');
    expect(store.readiness?.status).toBe('ok');

    online = true;
    await store.refresh();
    expect(store.error).toBeNull();
  });

  it('fetches server info once and shares a refresh already in flight', async () => {
    const api = {
      fetchReadiness: vi.fn<SystemApi['fetchReadiness']>().mockResolvedValue(readinessFixture()),
      fetchSystemInfo: vi.fn<SystemApi['fetchSystemInfo']>().mockResolvedValue(systemInfoFixture()),
    };
    provideSystemApi(pinia, api);
    const store = useSystemStore();

    await Promise.all([store.refresh(), store.refresh()]);
    await store.refresh();

    expect(api.fetchReadiness).toHaveBeenCalledTimes(2);
    expect(api.fetchSystemInfo).toHaveBeenCalledTimes(1);
  });
});
