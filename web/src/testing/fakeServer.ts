import { vi } from 'vitest';
import type { Me } from '../api/auth';
import type { Readiness, SystemInfo } from '../api/system';

/** Answers one path; gets the request's init so a test can look at its method, headers and body. */
type Route = (init: RequestInit | undefined) => Response | Promise<Response>;

/** A JSON response as the Drumbeat API would send it. */
export function jsonResponse(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

/** A problem document as the server's error middleware sends it. */
export function problemResponse(status: number, code: string, title: string, detail?: string): Response {
  return jsonResponse({ type: `urn:drumbeat:problem:${code}`, title, status, code, detail }, status, 'application/problem+json');
}

/** A `fetch` stand-in that answers from a path → response table and records every call. */
export function fakeFetch(routes: Record<string, Route>) {
  return vi.fn<typeof fetch>(async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const route = routes[new URL(url, 'http://drumbeat.test').pathname];
    if (!route) {
      return jsonResponse({ type: 'about:blank', title: 'Not Found', status: 404 }, 404, 'application/problem+json');
    }
    return route(init);
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

/** A `Me` body for a signed-in marketer, adjustable per test. */
export function meFixture(overrides: Partial<Me> = {}, user: Partial<Me['user']> = {}): Me {
  return {
    user: {
      id: '64b7f0c2a1b2c3d4e5f60718',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      pictureUrl: null,
      role: 'marketer',
      disabled: false,
      createdAt: '2025-01-02T03:04:05.000Z',
      lastSignInAt: '2025-06-01T09:00:00.000Z',
      ...user,
    },
    method: 'google',
    csrfToken: 'csrf-token-1',
    permissions: ['system:read', 'customers:read', 'segments:read', 'campaigns:read', 'segments:write'],
    sessionExpiresAt: '2030-01-01T00:00:00.000Z',
    ...overrides,
  };
}
