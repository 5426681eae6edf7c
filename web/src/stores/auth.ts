import { defineStore, getActivePinia, type Pinia } from 'pinia';
import { computed, ref } from 'vue';
import { createAuthApi, type AuthApi, type DevSignIn, type Me, type Permission, type SignInProviders } from '../api/auth';
import { ApiError, toProblem, type ProblemDetails } from '../api/client';
import { apiClientFor } from './apiClient';

// Keyed by Pinia instance so each test's fresh Pinia starts from the real API and nothing leaks between tests.
const apiByPinia = new WeakMap<Pinia, AuthApi>();

/** Makes `useAuthStore` on this Pinia talk to `api` instead of the server (tests). */
export function provideAuthApi(pinia: Pinia, api: AuthApi): void {
  apiByPinia.set(pinia, api);
}

/** Who is signed in, what they may do, and the ways to sign in and out. */
export const useAuthStore = defineStore('auth', () => {
  const pinia = getActivePinia();
  const me = ref<Me | null>(null);
  const providers = ref<SignInProviders | null>(null);
  const error = ref<ProblemDetails | null>(null);
  /** The server has answered who is signed in (a session or a 401); until then the guard must ask. */
  const settled = ref(false);
  /** The session ended under the user (a 401 mid-use), as opposed to them signing out. */
  const expired = ref(false);
  const pendingCalls = ref(0);
  let meInFlight: Promise<void> | null = null;
  let signingOut = false;

  const user = computed(() => me.value?.user ?? null);
  const method = computed(() => me.value?.method ?? null);
  const permissions = computed(() => me.value?.permissions ?? []);
  const csrfToken = computed(() => me.value?.csrfToken ?? null);
  const signedIn = computed(() => me.value !== null);
  const isDevSession = computed(() => me.value?.method === 'dev');
  const loading = computed(() => pendingCalls.value > 0);

  // Every store on this Pinia shares the client, so this is what puts the token on all their writes
  // and turns a 401 from any of their calls into "signed out".
  const client = apiClientFor(pinia);
  client.setCsrfTokenProvider(() => csrfToken.value);
  client.setUnauthorizedHandler(() => {
    if (!me.value || signingOut) return;
    me.value = null;
    expired.value = true;
  });

  function api(): AuthApi {
    let found = pinia ? apiByPinia.get(pinia) : undefined;
    if (!found) {
      found = createAuthApi(client);
      if (pinia) apiByPinia.set(pinia, found);
    }
    return found;
  }

  async function tracked<T>(call: () => Promise<T>): Promise<T> {
    pendingCalls.value += 1;
    try {
      return await call();
    } finally {
      pendingCalls.value -= 1;
    }
  }

  function startSession(next: Me): void {
    me.value = next;
    settled.value = true;
    expired.value = false;
    error.value = null;
  }

  async function fetchMe(): Promise<void> {
    try {
      startSession(await api().fetchMe());
    } catch (reason) {
      if (isUnauthorized(reason)) {
        me.value = null;
        settled.value = true;
        error.value = null;
      } else {
        // Unsettled on purpose: the next navigation asks again instead of trusting a network blip.
        error.value = toProblem(reason);
      }
    }
  }

  /** Asks the server who is signed in; overlapping calls share one request. */
  function load(): Promise<void> {
    meInFlight ??= tracked(fetchMe).finally(() => {
      meInFlight = null;
    });
    return meInFlight;
  }

  /** Loads the session unless the server has already said who is signed in. */
  async function ensureLoaded(): Promise<void> {
    if (!settled.value) await load();
  }

  /** Reads which ways of signing in the server offers. */
  async function loadProviders(): Promise<void> {
    await tracked(async () => {
      try {
        providers.value = await api().fetchProviders();
      } catch (reason) {
        error.value = toProblem(reason);
      }
    });
  }

  /** Development sign-in by e-mail alone; resolves false (with `error` set) when the server refuses. */
  async function signInDev(input: DevSignIn): Promise<boolean> {
    return tracked(async () => {
      try {
        startSession(await api().signInDev(input));
        return true;
      } catch (reason) {
        error.value = toProblem(reason);
        return false;
      }
    });
  }

  /** Ends the session on the server; resolves false (still signed in, `error` set) when that failed. */
  async function signOut(): Promise<boolean> {
    signingOut = true;
    try {
      await tracked(() => api().signOut());
    } catch (reason) {
      // A 401 means the session had already ended, which is what the user asked for.
      if (!isUnauthorized(reason)) {
        error.value = toProblem(reason);
        return false;
      }
    } finally {
      signingOut = false;
    }
    me.value = null;
    settled.value = true;
    expired.value = false;
    error.value = null;
    return true;
  }

  /** True when the signed-in user holds the permission; always false when nobody is signed in. */
  function can(permission: Permission): boolean {
    return me.value?.permissions.includes(permission) ?? false;
  }

  return {
    me,
    providers,
    error,
    settled,
    expired,
    user,
    method,
    permissions,
    csrfToken,
    signedIn,
    isDevSession,
    loading,
    load,
    ensureLoaded,
    loadProviders,
    signInDev,
    signOut,
    can,
  };
});

function isUnauthorized(reason: unknown): boolean {
  return reason instanceof ApiError && reason.status === 401;
}
