import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { safeReturnTo } from './authGuard';
import { createAppRouter } from './router';
import { provideAuthApi } from './stores/auth';
import { fakeAuthApi } from './testing/fakeAuth';
import { meFixture } from './testing/fakeServer';

let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

function routerFor(api: ReturnType<typeof fakeAuthApi>) {
  provideAuthApi(pinia, api);
  return createAppRouter(createMemoryHistory());
}

describe('authGuard', () => {
  it('sends an anonymous visitor to sign-in, remembering where they were going', async () => {
    const router = routerFor(fakeAuthApi({ me: null }));

    await router.push('/no/such/page?tab=2');

    expect(router.currentRoute.value.name).toBe('sign-in');
    expect(router.currentRoute.value.query.returnTo).toBe('/no/such/page?tab=2');
  });

  it('lets an anonymous visitor see the sign-in page', async () => {
    const router = routerFor(fakeAuthApi({ me: null }));

    await router.push('/sign-in');

    expect(router.currentRoute.value.fullPath).toBe('/sign-in');
  });

  it('lets a signed-in user through, asking for the session only once', async () => {
    const api = fakeAuthApi();
    const router = routerFor(api);

    await router.push('/');
    await router.push('/elsewhere');

    expect(router.currentRoute.value.fullPath).toBe('/elsewhere');
    expect(api.fetchMe).toHaveBeenCalledTimes(1);
  });

  it('sends a signed-in user away from sign-in to returnTo', async () => {
    const router = routerFor(fakeAuthApi());

    await router.push('/sign-in?returnTo=%2Felsewhere%3Fx%3D1');

    expect(router.currentRoute.value.fullPath).toBe('/elsewhere?x=1');
  });

  it('ignores a returnTo that leads off the site', async () => {
    const router = routerFor(fakeAuthApi());

    await router.push('/sign-in?returnTo=%2F%2Fevil.example');

    expect(router.currentRoute.value.fullPath).toBe('/');
  });

  it('shows the forbidden page when the route needs a permission the user lacks', async () => {
    const router = routerFor(fakeAuthApi({ me: meFixture({ permissions: [] }) }));

    await router.push('/');

    expect(router.currentRoute.value.name).toBe('forbidden');
    expect(router.currentRoute.value.query.from).toBe('/');
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/campaigns/42?tab=log#top', '/campaigns/42?tab=log#top'],
    ['/', '/'],
    ['//evil.example', null],
    ['/\\evil.example', null],
    ['/\t/evil.example', null],
    ['https://evil.example', null],
    ['javascript:alert(1)', null],
    ['/sign-in?returnTo=/x', null],
    [['/a', '/b'], null],
    [undefined, null],
  ])('%j → %j', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });

  it('keeps paths that merely start like sign-in', () => {
    expect(safeReturnTo('/sign-ins/report')).toBe('/sign-ins/report');
  });
});
