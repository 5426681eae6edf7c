import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { SystemApi } from '../api/system';
import { provideSystemApi } from '../stores/system';
import { readinessFixture, systemInfoFixture } from '../testing/fakeServer';
import StatusView from './StatusView.vue';

function fakeSystemApi() {
  return {
    fetchReadiness: vi.fn<SystemApi['fetchReadiness']>().mockResolvedValue(readinessFixture()),
    fetchSystemInfo: vi.fn<SystemApi['fetchSystemInfo']>().mockResolvedValue(systemInfoFixture()),
  };
}

let pinia: Pinia;
let api: ReturnType<typeof fakeSystemApi>;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  api = fakeSystemApi();
  provideSystemApi(pinia, api);
});

afterEach(() => {
  vi.useRealTimers();
});

async function mountStatus() {
  const wrapper = mount(StatusView, { global: { plugins: [pinia] } });
  await flushPromises();
  return wrapper;
}

function rowText(wrapper: Awaited<ReturnType<typeof mountStatus>>, service: string): string {
  return wrapper.get(`tr[data-service="${service}"]`).text();
}

describe('StatusView', () => {
  it('renders one row per service with its status, latency and error text', async () => {
    api.fetchReadiness.mockResolvedValue(
      readinessFixture({ redis: { status: 'down', latencyMs: 2000.4, error: 'connect ECONNREFUSED 127.0.0.1:6379' } }),
    );

    const wrapper = await mountStatus();

    expect(wrapper.findAll('tbody tr')).toHaveLength(3);
    expect(rowText(wrapper, 'mongo')).toContain('MongoDB');
    expect(rowText(wrapper, 'mongo')).toContain('OK');
    expect(rowText(wrapper, 'mongo')).toContain('3 ms');
    expect(rowText(wrapper, 'redis')).toContain('Down');
    expect(rowText(wrapper, 'redis')).toContain('2000 ms');
    expect(rowText(wrapper, 'redis')).toContain('connect ECONNREFUSED 127.0.0.1:6379');
    expect(rowText(wrapper, 'temporal')).toContain('Temporal');
  });

  it('announces the overall state in a polite live region', async () => {
    api.fetchReadiness.mockResolvedValue(readinessFixture({ temporal: { status: 'down', latencyMs: 5000 } }));

    const wrapper = await mountStatus();

    const region = wrapper.get('[aria-live="polite"]');
    expect(region.text()).toContain('Down: Temporal.');
  });

  it('links to the API docs and opens the Temporal UI in a new tab', async () => {
    const wrapper = await mountStatus();

    expect(wrapper.get('a[data-link="docs"]').attributes('href')).toBe('/api/docs');
    const temporal = wrapper.get('a[data-link="temporal"]');
    expect(temporal.attributes('href')).toBe('http://localhost:8233');
    expect(temporal.attributes('target')).toBe('_blank');
    expect(temporal.attributes('rel')).toContain('noopener');
  });

  it('leaves out the Temporal UI link when the server has none', async () => {
    api.fetchSystemInfo.mockResolvedValue(systemInfoFixture({ temporalUiUrl: null }));

    const wrapper = await mountStatus();

    expect(wrapper.find('a[data-link="temporal"]').exists()).toBe(false);
    expect(wrapper.get('a[data-link="docs"]').attributes('href')).toBe('/api/docs');
  });

  it('shows the problem when the API cannot be reached', async () => {
    api.fetchReadiness.mockRejectedValue(
      new ApiError({ type: 'about:blank', title: 'Network error', status: 0, detail: 'Could not reach the server.' }),
    );

    const wrapper = await mountStatus();

    const region = wrapper.get('[aria-live="polite"]').text();
    expect(region).toContain('Service status is unknown.');
    expect(region).toContain('Network error');
    expect(rowText(wrapper, 'mongo')).toContain('Checking…');
  });

  it('refreshes every 5 seconds while mounted and stops after unmount', async () => {
    // Only the interval is faked so flushPromises, which waits on a real timer, still works.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const wrapper = await mountStatus();
    expect(api.fetchReadiness).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(5_000);
    await flushPromises();
    expect(api.fetchReadiness).toHaveBeenCalledTimes(2);

    wrapper.unmount();
    vi.advanceTimersByTime(15_000);
    expect(api.fetchReadiness).toHaveBeenCalledTimes(2);
  });
});
