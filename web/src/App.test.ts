import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { createApiClient } from './api/client';
import App from './App.vue';
import { createAppRouter } from './router';
import { provideApiClient } from './stores/apiClient';
import { provideAuthApi } from './stores/auth';
import { provideSystemApi } from './stores/system';
import { fakeAuthApi } from './testing/fakeAuth';
import { fakeFetch, jsonResponse, meFixture, problemResponse, readinessFixture, systemInfoFixture } from './testing/fakeServer';

let pinia: Pinia;

// The status page polls while mounted; unmounting stops it outliving its test.
enableAutoUnmount(afterEach);

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

async function mountAt(path: string, authApi = fakeAuthApi()) {
  provideAuthApi(pinia, authApi);
  provideSystemApi(pinia, {
    fetchReadiness: vi.fn().mockResolvedValue(readinessFixture()),
    fetchSystemInfo: vi.fn().mockResolvedValue(systemInfoFixture()),
  });
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(App, { global: { plugins: [pinia, router] } });
  await flushPromises();
  return { wrapper, router };
}

describe('App', () => {
  it('shows the brand and the status page at / to a signed-in user', async () => {
    const { wrapper } = await mountAt('/');

    expect(wrapper.get('header .brand').text()).toBe('Drumbeat');
    expect(wrapper.get('h1').text()).toBe('System status');
    expect(document.title).toBe('System status · Drumbeat');
  });

  it('shows the not-found page for an unknown path', async () => {
    const { wrapper } = await mountAt('/no/such/page');

    expect(wrapper.get('h1').text()).toBe('Page not found');
    expect(wrapper.text()).toContain('/no/such/page');
  });

  it('keeps the skip link and the main navigation', async () => {
    const { wrapper } = await mountAt('/');

    expect(wrapper.get('a.skip-link').attributes('href')).toBe('#main');
    const links = wrapper.findAll('nav[aria-label="Main"] a').map((link) => link.text());
    expect(links).toEqual(['Status', 'API docs']);
  });

  it('shows who is signed in, their role, and no development badge for a Google session', async () => {
    const { wrapper } = await mountAt('/');

    const session = wrapper.get('header .session');
    expect(session.text()).toContain('Ada Lovelace');
    expect(session.text()).toContain('ada@example.com');
    expect(session.get('.role-badge').text()).toBe('Role: Marketer');
    expect(wrapper.find('.dev-ribbon').exists()).toBe(false);
  });

  it('marks a development session with a ribbon on every page', async () => {
    const { wrapper, router } = await mountAt('/', fakeAuthApi({ me: meFixture({ method: 'dev' }) }));

    expect(wrapper.get('.dev-ribbon').text()).toContain('Development sign-in');

    await router.push('/no/such/page');
    await flushPromises();
    expect(wrapper.get('.dev-ribbon').text()).toContain('Development sign-in');
  });

  it('hides navigation links the user’s permissions do not cover', async () => {
    const { wrapper } = await mountAt('/no/such/page', fakeAuthApi({ me: meFixture({ permissions: [] }) }));

    const links = wrapper.findAll('nav[aria-label="Main"] a').map((link) => link.text());
    expect(links).toEqual(['API docs']);
  });

  it('says so when the user opens a page their role does not allow', async () => {
    const { wrapper, router } = await mountAt('/', fakeAuthApi({ me: meFixture({ permissions: [] }) }));

    expect(router.currentRoute.value.name).toBe('forbidden');
    expect(wrapper.get('h1').text()).toBe('Not allowed');
  });

  it('signs out and shows the sign-in page', async () => {
    const authApi = fakeAuthApi();
    const { wrapper, router } = await mountAt('/', authApi);

    await wrapper.get('header .session button').trigger('click');
    await flushPromises();

    expect(authApi.signOut).toHaveBeenCalledTimes(1);
    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(wrapper.find('header .session').exists()).toBe(false);
    expect(wrapper.get('h1').text()).toBe('Sign in to Drumbeat');
  });

  it('sends the user to sign in, and back here afterwards, when the session expires mid-use', async () => {
    provideApiClient(
      pinia,
      createApiClient(
        fakeFetch({
          '/api/auth/session': () => jsonResponse({ me: meFixture() }),
          '/api/auth/providers': () => jsonResponse({ google: true, dev: false }),
          '/readyz': () => jsonResponse(readinessFixture()),
          '/api/system': () => problemResponse(401, 'unauthenticated', 'Unauthorized'),
        }),
      ),
    );
    const router = createAppRouter(createMemoryHistory());
    await router.push('/?view=all');
    const wrapper = mount(App, { global: { plugins: [pinia, router] } });
    await flushPromises();

    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query.returnTo).toBe('/?view=all');
    expect(wrapper.text()).toContain('Your session has ended');
  });
});
