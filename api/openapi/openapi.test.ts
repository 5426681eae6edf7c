import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/helpers/api.js';

describe('GET /api/openapi.json and /api/docs', () => {
  it('serves an OpenAPI 3.1 document that validates against the 3.1 schema', async () => {
    const api = await startTestApi();
    const document = (await (await fetch(`${api.url}/api/openapi.json`)).json()) as Record<string, unknown>;
    expect(document.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    const paths = document.paths as Record<string, Record<string, { operationId: string }>>;
    expect(paths['/readyz']?.get?.operationId).toBe('getReadiness');
    expect(paths['/api/system']?.get?.operationId).toBe('getSystemInfo');
  });

  it('serves the interactive viewer and its assets from the package, with no external URL', async () => {
    const api = await startTestApi();
    const page = await (await fetch(`${api.url}/api/docs`)).text();
    expect(page).toContain('swagger-ui-bundle.js');
    expect(page).not.toMatch(/https?:\/\//);
    const bundle = await fetch(`${api.url}/api/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    const init = await (await fetch(`${api.url}/api/docs/assets/init.js`)).text();
    expect(init).toContain("url: '/api/openapi.json'");
    const outside = await fetch(`${api.url}/api/docs/assets/package.json`);
    expect(outside.status).toBe(404);
  });

  it('answers unknown API paths with a problem 404 and wrong methods with 405 and Allow', async () => {
    const api = await startTestApi();
    const missing = await fetch(`${api.url}/api/nothing-here`, { headers: { accept: 'application/json' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/problem\+json/);
    const wrongMethod = await fetch(`${api.url}/readyz`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toContain('GET');
  });
});
