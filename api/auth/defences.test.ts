import { describe, expect, it } from 'vitest';
import { useTestApi } from '../../test/helpers/api.js';

const api = useTestApi({ RATE_LIMIT_AUTH: '3/1500ms', CORS_ALLOWED_ORIGINS: 'https://partner.example' });

const providers = (headers: Record<string, string> = {}): Promise<Response> => fetch(`${api().url}/api/auth/providers`, { headers });

describe('defences on the running API', () => {
  it('rate-limits sign-in routes per IP with 429 and Retry-After, and recovers after the window', async () => {
    const attempt = (): Promise<Response> =>
      fetch(`${api().url}/api/auth/dev`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":"x"}' });
    const allowed = [await attempt(), await attempt(), await attempt()];
    expect(allowed.map((response) => response.status)).toEqual([400, 400, 400]);
    expect(allowed[2]?.headers.get('ratelimit-remaining')).toBe('0');
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ code: 'rate_limited' });

    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1000 + 100));
    expect((await attempt()).status).toBe(400);
  });

  it('sends security headers on pages, API answers and errors alike', async () => {
    for (const response of [await providers(), await fetch(`${api().url}/api/nowhere`), await fetch(`${api().url}/api/me`)]) {
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      // Plain HTTP in tests: HSTS is for production only.
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('keeps CORS closed to unlisted origins and open, without credentials, to listed ones', async () => {
    const stranger = await providers({ Origin: 'https://evil.example' });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const strangerPreflight = await fetch(`${api().url}/api/system`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(strangerPreflight.status).toBe(403);

    const partner = await providers({ Origin: 'https://partner.example' });
    expect(partner.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect(partner.headers.get('access-control-allow-credentials')).toBeNull();
    const preflight = await fetch(`${api().url}/api/system`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://partner.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
  });
});
