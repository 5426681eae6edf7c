import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, RouterView } from 'vue-router';
import { ApiError } from '../api/client';
import { createAppRouter } from '../router';
import { provideAuthApi } from '../stores/auth';
import { fakeAuthApi } from '../testing/fakeAuth';

let pinia: Pinia;

// Mounted into the document so focus can be checked; unmounted so no form outlives its test.
enableAutoUnmount(afterEach);

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

/** Mounts the router's view at `path` for an anonymous visitor, as the app would show it. */
async function mountSignIn(path: string, api = fakeAuthApi({ me: null })) {
  provideAuthApi(pinia, api);
  const router = createAppRouter(createMemoryHistory());
  await router.push(path);
  const wrapper = mount(RouterView, { global: { plugins: [pinia, router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router, api };
}

describe('SignInView', () => {
  it('offers Google sign-in that comes back to returnTo, and no development form', async () => {
    const { wrapper } = await mountSignIn('/sign-in?returnTo=%2Fcampaigns%3Ftab%3D2');

    const google = wrapper.get('a[data-sign-in="google"]');
    expect(google.text()).toBe('Sign in with Google');
    expect(google.attributes('href')).toBe('/auth/google?returnTo=%2Fcampaigns%3Ftab%3D2');
    expect(wrapper.find('form.dev-sign-in').exists()).toBe(false);
  });

  it('shows only the development form, with its warning, when that is all the server offers', async () => {
    const { wrapper } = await mountSignIn('/sign-in', fakeAuthApi({ me: null, providers: { google: false, dev: true } }));

    expect(wrapper.find('a[data-sign-in="google"]').exists()).toBe(false);
    const form = wrapper.get('form.dev-sign-in');
    expect(form.text()).toContain('Development sign-in');
    expect(form.text()).toContain('there is no password');
    expect(form.get('label[for="dev-email"]').text()).toBe('E-mail');
    expect(form.get('input#dev-email').attributes('type')).toBe('email');
    expect(form.get('label[for="dev-name"]').text()).toContain('optional');
  });

  it('explains a not_allowed failure from Google sign-in', async () => {
    const { wrapper } = await mountSignIn('/sign-in?error=not_allowed');

    const alert = wrapper.get('[role="alert"]');
    expect(alert.text()).toContain('may not use Drumbeat');
    expect(alert.text()).toContain('allowlist');
  });

  it('falls back to a general message for an error code it does not know', async () => {
    const { wrapper } = await mountSignIn('/sign-in?error=something_new');

    expect(wrapper.get('[role="alert"]').text()).toBe('Sign-in did not work. Please try again.');
  });

  it('signs in with the development form and goes to returnTo', async () => {
    const { wrapper, router, api } = await mountSignIn(
      '/sign-in?returnTo=%2Fsomewhere',
      fakeAuthApi({ me: null, providers: { google: false, dev: true } }),
    );

    await wrapper.get('input#dev-email').setValue('Ada@Example.com');
    await wrapper.get('form.dev-sign-in').trigger('submit');
    await flushPromises();

    expect(api.signInDev).toHaveBeenCalledWith({ email: 'ada@example.com' });
    expect(router.currentRoute.value.fullPath).toBe('/somewhere');
  });

  it('checks the e-mail before asking the server and focuses the field', async () => {
    const { wrapper, api } = await mountSignIn('/sign-in', fakeAuthApi({ me: null, providers: { google: false, dev: true } }));

    await wrapper.get('input#dev-email').setValue('not an address');
    await wrapper.get('form.dev-sign-in').trigger('submit');
    await flushPromises();

    expect(api.signInDev).not.toHaveBeenCalled();
    const input = wrapper.get('input#dev-email');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(wrapper.get(`#${input.attributes('aria-describedby')}`).text()).toContain('Enter an e-mail address');
    expect(document.activeElement).toBe(input.element);
  });

  it('says so when the server refuses the development e-mail', async () => {
    const api = fakeAuthApi({ me: null, providers: { google: false, dev: true } });
    api.signInDev.mockRejectedValue(new ApiError({ type: 'about:blank', title: 'Forbidden', status: 403, code: 'not_allowed' }));
    const { wrapper, router } = await mountSignIn('/sign-in', api);

    await wrapper.get('input#dev-email').setValue('eve@example.com');
    await wrapper.get('form.dev-sign-in').trigger('submit');
    await flushPromises();

    expect(wrapper.get('form [role="alert"]').text()).toContain('may not sign in');
    expect(router.currentRoute.value.name).toBe('sign-in');
  });
});
