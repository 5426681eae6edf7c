import type { ApiKeyScope, Role } from '../../domain/auth/access.js';
import { createdApiKeySchema } from '../../domain/auth/schemas.js';
import { TestBrowser } from './browser.js';

/** Signed-in browsers for each role and an API key for each scope, on one API. */
export interface Cast {
  people: Record<Role, TestBrowser>;
  keys: Record<ApiKeyScope, string>;
}

/**
 * Signs in an admin (the first person, via development sign-in), has them invite a marketer and a
 * viewer who then sign in, and creates one API key per scope. Needs an API with dev sign-in on and a
 * database nobody signed into yet.
 */
export async function signInCast(baseUrl: string): Promise<Cast> {
  const admin = new TestBrowser(baseUrl);
  const me = await admin.devSignIn('admin@cast.test', 'Ada Admin');
  if (me.user.role !== 'admin') throw new Error(`the first person should be admin, got ${me.user.role}`);
  const people: Record<Role, TestBrowser> = { admin, marketer: new TestBrowser(baseUrl), viewer: new TestBrowser(baseUrl) };
  for (const role of ['marketer', 'viewer'] as const) {
    const invited = await admin.request('/api/users', { json: { email: `${role}@cast.test`, role }, csrf: true });
    if (invited.status !== 201) throw new Error(`inviting the ${role} answered ${invited.status}`);
    await people[role].devSignIn(`${role}@cast.test`);
  }
  const keys = {} as Record<ApiKeyScope, string>;
  for (const scope of ['ingest', 'read', 'campaigns'] as const) {
    const created = await admin.request('/api/api-keys', { json: { name: `${scope} key`, scopes: [scope] }, csrf: true });
    if (created.status !== 201) throw new Error(`creating the ${scope} key answered ${created.status}`);
    keys[scope] = createdApiKeySchema.parse(await created.json()).key;
  }
  return { people, keys };
}
