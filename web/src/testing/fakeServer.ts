import { vi } from 'vitest';
import type { Readiness, SystemInfo } from '../api/system';

type Route = () => Response | Promise<Response>;

/** A JSON response as the Drumbeat API would send it. */
export function jsonResponse(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

/** A `fetch` stand-in that answers from a path → response table and records every call. */
export function fakeFetch(routes: Record<string, Route>) {
  return vi.fn<typeof fetch>(async (input) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const route = routes[new URL(url, 'http://drumbeat.test').pathname];
    if (!route) {
      return jsonResponse({ type: 'about:blank', title: 'Not Found', status: 404 }, 404, 'application/problem+json');
    }
    return route();
  });
}

/** A readiness body with every service up, adjustable per test. */
export function readinessFixture(overrides: Partial<Readiness['checks']> = {}): Readiness {
  const checks: Readiness['checks'] = {
    mongo: { status: 'ok', latencyMs: 3 },
    redis: { status: 'ok', latencyMs: 1 },
    temporal: { status: 'ok', latencyMs: 12 },
    ...overrides,
  };
  const allOk = Object.values(checks).every((check) => check.status === 'ok');
  return { status: allOk ? 'ok' : 'unavailable', checks };
}

/** A `/api/system` body, adjustable per test. */
export function systemInfoFixture(overrides: Partial<SystemInfo> = {}): SystemInfo {
  return {
    name: 'drumbeat',
    version: '0.1.0',
    environment: 'development',
    docsUrl: '/api/docs',
    openapiUrl: '/api/openapi.json',
    temporalUiUrl: 'http://localhost:8233',
    ...overrides,
  };
}
