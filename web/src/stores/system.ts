import { defineStore, getActivePinia, type Pinia } from 'pinia';
import { computed, ref } from 'vue';
import { toProblem, type ProblemDetails } from '../api/client';
import { createSystemApi, type Readiness, type SystemApi, type SystemInfo } from '../api/system';
import { apiClientFor } from './apiClient';

// Keyed by Pinia instance so each test's fresh Pinia starts from the real API and nothing leaks between tests.
const apiByPinia = new WeakMap<Pinia, SystemApi>();

/** Makes `useSystemStore` on this Pinia talk to `api` instead of the server (tests). */
export function provideSystemApi(pinia: Pinia, api: SystemApi): void {
  apiByPinia.set(pinia, api);
}

/** Health of the backing services and facts about the running server. */
export const useSystemStore = defineStore('system', () => {
  const pinia = getActivePinia();
  const readiness = ref<Readiness | null>(null);
  const info = ref<SystemInfo | null>(null);
  const loading = ref(false);
  const error = ref<ProblemDetails | null>(null);
  const checkedAt = ref<Date | null>(null);
  let inFlight: Promise<void> | null = null;

  const allHealthy = computed(
    () =>
      readiness.value?.status === 'ok' && Object.values(readiness.value.checks).every((check) => check.status === 'ok'),
  );

  function api(): SystemApi {
    let found = pinia ? apiByPinia.get(pinia) : undefined;
    if (!found) {
      found = createSystemApi(apiClientFor(pinia));
      if (pinia) apiByPinia.set(pinia, found);
    }
    return found;
  }

  async function load(): Promise<void> {
    loading.value = true;
    const systemApi = api();
    // Server facts do not change while it runs; fetch them until we have them once.
    const [readinessResult, infoResult] = await Promise.allSettled([
      systemApi.fetchReadiness(),
      info.value ?? systemApi.fetchSystemInfo(),
    ]);
    if (readinessResult.status === 'fulfilled') {
      readiness.value = readinessResult.value;
      checkedAt.value = new Date();
    }
    if (infoResult.status === 'fulfilled') info.value = infoResult.value;
    const failure = [readinessResult, infoResult].find((result) => result.status === 'rejected');
    // Keep the last readiness on failure: the view shows it as stale next to the error rather than blanking.
    error.value = failure ? toProblem(failure.reason) : null;
    loading.value = false;
  }

  /** Fetches readiness (and server info once); overlapping calls share the request in flight. */
  function refresh(): Promise<void> {
    inFlight ??= load().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return { readiness, info, loading, error, checkedAt, allHealthy, refresh };
});
