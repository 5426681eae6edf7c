import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import App from './App.vue';
import { createAppRouter } from './router';
import { provideSystemApi } from './stores/system';
import { readinessFixture, systemInfoFixture } from './testing/fakeServer';

async function mountAt(path: string) {
  const pinia = createPinia();
  setActivePinia(pinia);
  provideSystemApi(pinia, {
    fetchReadiness: vi.fn().mockResolvedValue(readinessFixture()),
    fetchSystemInfo: vi.fn().mockResolvedValue(systemInfoFixture()),
  });
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(App, { global: { plugins: [pinia, router] } });
  await flushPromises();
  return wrapper;
}

describe('App', () => {
  it('shows the brand and the status page at /', async () => {
    const wrapper = await mountAt('/');

    expect(wrapper.get('header .brand').text()).toBe('Drumbeat');
    expect(wrapper.get('h1').text()).toBe('System status');
    expect(document.title).toBe('System status · Drumbeat');
  });

  it('shows the not-found page for an unknown path', async () => {
    const wrapper = await mountAt('/no/such/page');

    expect(wrapper.get('h1').text()).toBe('Page not found');
    expect(wrapper.text()).toContain('/no/such/page');
  });
});
