import type Router from '@koa/router';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyScope, Role } from '../../domain/auth/access.js';
import { useTestApi } from '../../test/helpers/api.js';
import { TestBrowser } from '../../test/helpers/browser.js';
import { signInCast, type Cast } from '../../test/helpers/cast.js';

// The access table, written out independently of the code that enforces it: every route the app
// knows must appear here, and each caller must get exactly what its row says.
type Rule = { kind: 'public' } | { kind: 'vendor' } | { kind: 'guarded'; roles: Role[]; scopes: ApiKeyScope[] };
const publicRoute: Rule = { kind: 'public' };
const guarded = (roles: Role[], scopes: ApiKeyScope[] = []): Rule => ({ kind: 'guarded', roles, scopes });
const everyone: Role[] = ['admin', 'marketer', 'viewer'];

const accessTable: Record<string, Rule> = {
  'GET /healthz': publicRoute,
  'GET /readyz': publicRoute,
  'GET /api/openapi.json': publicRoute,
  'GET /api/docs': publicRoute,
  'GET /api/docs/assets/init.js': publicRoute,
  'GET /api/docs/assets/:file': publicRoute,
  'GET /api/auth/providers': publicRoute,
  'GET /api/auth/session': publicRoute,
  'POST /api/auth/dev': publicRoute,
  'GET /auth/google': publicRoute,
  'GET /auth/google/callback': publicRoute,
  'POST /api/delivery-receipts': { kind: 'vendor' },
  'GET /api/system': guarded(everyone, ['read']),
  'GET /api/me': guarded(everyone),
  'GET /metrics': guarded(everyone, ['read']),
  'GET /api/customers': guarded(everyone, ['read']),
  'GET /api/customers/:id': guarded(everyone, ['read']),
  'GET /api/orders': guarded(everyone, ['read']),
  'POST /api/customers': guarded(['admin', 'marketer'], ['ingest']),
  'POST /api/orders': guarded(['admin', 'marketer'], ['ingest']),
  'GET /api/ingestions/:id': guarded(['admin', 'marketer'], ['ingest']),
  'POST /api/customers/import': guarded(['admin', 'marketer'], ['ingest']),
  'POST /api/orders/import': guarded(['admin', 'marketer'], ['ingest']),
  'GET /api/segments/fields': guarded(everyone, ['read', 'campaigns']),
  'POST /api/segments/preview': guarded(everyone, ['read', 'campaigns']),
  'GET /api/segments': guarded(everyone, ['read', 'campaigns']),
  'GET /api/segments/:id': guarded(everyone, ['read', 'campaigns']),
  'POST /api/segments': guarded(['admin', 'marketer']),
  'PUT /api/segments/:id': guarded(['admin', 'marketer']),
  'DELETE /api/segments/:id': guarded(['admin', 'marketer']),
  'POST /api/segments/:id/count': guarded(['admin', 'marketer']),
  'GET /api/templates/variables': guarded(everyone, ['read', 'campaigns']),
  'POST /api/templates/check': guarded(everyone, ['read', 'campaigns']),
  // Shows a customer's data rendered into the message: customers:read, which a campaigns key lacks.
  'POST /api/templates/preview': guarded(everyone, ['read']),
  'GET /api/campaigns': guarded(everyone, ['read', 'campaigns']),
  'GET /api/campaigns/:id': guarded(everyone, ['read', 'campaigns']),
  'POST /api/campaigns': guarded(['admin', 'marketer'], ['campaigns']),
  'PUT /api/campaigns/:id': guarded(['admin', 'marketer'], ['campaigns']),
  'DELETE /api/campaigns/:id': guarded(['admin', 'marketer'], ['campaigns']),
  'POST /api/campaigns/:id/launch': guarded(['admin', 'marketer'], ['campaigns']),
  'POST /api/campaigns/:id/pause': guarded(['admin', 'marketer'], ['campaigns']),
  'POST /api/campaigns/:id/resume': guarded(['admin', 'marketer'], ['campaigns']),
  'POST /api/campaigns/:id/cancel': guarded(['admin', 'marketer'], ['campaigns']),
  // The log holds each recipient's address and personalised text: customer data, so customers:read.
  'GET /api/campaigns/:id/messages': guarded(everyone, ['read']),
  'GET /api/campaigns/:id/delivery': guarded(everyone, ['read', 'campaigns']),
  'GET /api/users': guarded(['admin']),
  'POST /api/users': guarded(['admin']),
  'PATCH /api/users/:id': guarded(['admin']),
  'GET /api/api-keys': guarded(['admin']),
  'POST /api/api-keys': guarded(['admin']),
  'DELETE /api/api-keys/:id': guarded(['admin']),
  'GET /api/audit-events': guarded(['admin']),
  // Last: it ends the session it is called with.
  'POST /auth/logout': guarded(everyone),
};

const api = useTestApi();
let cast: Cast;
beforeAll(async () => {
  cast = await signInCast(api().url);
});

function routesTheAppKnows(routers: Router[]): string[] {
  return routers.flatMap((router) =>
    router.stack.flatMap((layer) => layer.methods.filter((method) => method !== 'HEAD').map((method) => `${method} ${layer.path}`)),
  );
}

function concretePath(path: string): string {
  return path.replace(':id', '000000000000000000000000').replace(':file', 'swagger-ui.css');
}

async function call(browser: TestBrowser, route: string, headers: Record<string, string> = {}): Promise<number> {
  const [method = 'GET', path = '/'] = route.split(' ');
  const write = method !== 'GET';
  const response = await browser.request(concretePath(path), { method, headers, csrf: true, ...(write ? { json: {} } : {}) });
  await response.arrayBuffer();
  return response.status;
}

describe('route access', () => {
  it('knows the access rule of every route the app serves, and of no route it does not', () => {
    expect(routesTheAppKnows(api().built.routers).sort()).toEqual(Object.keys(accessTable).sort());
  });

  it('refuses every non-public route to an anonymous caller with 401 and lets public ones through', async () => {
    const anonymous = new TestBrowser(api().url);
    for (const [route, rule] of Object.entries(accessTable)) {
      const status = await call(anonymous, route);
      if (rule.kind === 'public') expect([401, 403], route).not.toContain(status);
      else expect(status, route).toBe(401);
    }
  });

  it('refuses the receipts route to every person and key: only a vendor signature opens it', async () => {
    for (const browser of Object.values(cast.people)) expect(await call(browser, 'POST /api/delivery-receipts')).toBe(401);
    for (const key of Object.values(cast.keys)) {
      expect(await call(new TestBrowser(api().url), 'POST /api/delivery-receipts', { Authorization: `Bearer ${key}` })).toBe(401);
    }
  });

  it('gives each role exactly what its row says', async () => {
    for (const role of ['viewer', 'marketer', 'admin'] as const) {
      for (const [route, rule] of Object.entries(accessTable)) {
        if (rule.kind !== 'guarded') continue;
        const status = await call(cast.people[role], route);
        if (rule.roles.includes(role)) expect([401, 403], `${role} → ${route}`).not.toContain(status);
        else expect(status, `${role} → ${route}`).toBe(403);
      }
    }
  });

  it('gives each API key scope exactly what its row says, and never a person-only route', async () => {
    for (const scope of ['ingest', 'read', 'campaigns'] as const) {
      const keyHolder = new TestBrowser(api().url);
      for (const [route, rule] of Object.entries(accessTable)) {
        if (rule.kind !== 'guarded') continue;
        const status = await call(keyHolder, route, { Authorization: `Bearer ${cast.keys[scope]}` });
        if (rule.scopes.includes(scope)) expect([401, 403], `${scope} key → ${route}`).not.toContain(status);
        else expect(status, `${scope} key → ${route}`).toBe(403);
      }
    }
  });

  it('documents each rule in the OpenAPI document', async () => {
    const document = (await (await fetch(`${api().url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { security: unknown[] }>>;
    };
    expect(document.paths['/healthz']?.get?.security).toEqual([]);
    expect(document.paths['/api/users']?.get?.security).toEqual([{ session: [] }]);
    expect(document.paths['/api/system']?.get?.security).toEqual([{ session: [] }, { apiKey: [] }]);
    expect(document.paths['/api/delivery-receipts']?.post?.security).toEqual([{ vendorSignature: [] }]);
  });
});
