import type { Pinia } from 'pinia';
import { createApiClient, type ApiClient } from '../api/client';

// One client per Pinia (so per app, and per test): the CSRF token and the 401 hook the auth store sets
// on it then reach every store's calls, and nothing leaks from one test's Pinia into the next.
const clientByPinia = new WeakMap<Pinia, ApiClient>();

/** Makes every store on this Pinia talk through `client` (tests pass one over a fake fetch). */
export function provideApiClient(pinia: Pinia, client: ApiClient): void {
  clientByPinia.set(pinia, client);
}

/** The client the stores on this Pinia share, created on first use. */
export function apiClientFor(pinia: Pinia | undefined): ApiClient {
  let client = pinia ? clientByPinia.get(pinia) : undefined;
  if (!client) {
    client = createApiClient();
    if (pinia) clientByPinia.set(pinia, client);
  }
  return client;
}
