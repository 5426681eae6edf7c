import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiKeySchema, createdApiKeySchema } from '../../domain/auth/schemas.js';
import { projectRoot } from '../../config/project-root.js';
import { useTestApi } from '../../test/helpers/api.js';
import { TestBrowser } from '../../test/helpers/browser.js';
import { freshDatabaseUri } from '../../test/helpers/database.js';

const run = promisify(execFile);
let mongoUri = '';
const api = useTestApi(() => {
  mongoUri = freshDatabaseUri().uri;
  return { MONGODB_URI: mongoUri };
});

let admin: TestBrowser;
beforeAll(async () => {
  admin = new TestBrowser(api().url);
  await admin.devSignIn('admin@keys.test');
});

/** Runs the real CLI against the test database. */
async function drumbeat(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [path.join(projectRoot(), 'bin/drumbeat.js'), ...args], {
      env: { ...process.env, MONGODB_URI: mongoUri, DRUMBEAT_DATA_DIR: '/nonexistent' },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

const withKey = (key: string): { headers: Record<string, string> } => ({ headers: { Authorization: `Bearer ${key}` } });

describe('API keys', () => {
  it('lives through create → use → wrong scope 403 → revoke → 401, stored only as a hash', async () => {
    const created = await admin.request('/api/api-keys', { json: { name: 'Shopify sync', scopes: ['read', 'read'] }, csrf: true });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const { apiKey, key } = createdApiKeySchema.parse(await created.json());
    expect(key).toMatch(/^dbk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.scopes).toEqual(['read']);
    expect(apiKey.lastUsedAt).toBeNull();

    const caller = new TestBrowser(api().url);
    expect((await caller.request('/api/system', withKey(key))).status).toBe(200);
    expect((await caller.request('/api/users', withKey(key))).status).toBe(403);

    const listed = (await (await admin.request('/api/api-keys')).json()) as { apiKeys: unknown[] };
    const shown = listed.apiKeys.map((entry) => apiKeySchema.parse(entry)).find((entry) => entry.id === apiKey.id);
    expect(shown?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(key.slice(18));
    const stored = await api().built.auth.apiKeys.list();
    expect(JSON.stringify(stored)).not.toContain(key.slice(18));

    const revoked = await admin.request(`/api/api-keys/${apiKey.id}`, { method: 'DELETE', csrf: true });
    expect(revoked.status).toBe(200);
    const afterRevoke = await caller.request('/api/system', withKey(key));
    expect(afterRevoke.status).toBe(401);
    expect(afterRevoke.headers.get('www-authenticate')).toMatch(/^Bearer/);

    const audit = (await (await admin.request(`/api/audit-events?targetId=${apiKey.id}`)).json()) as { events: Array<{ action: string }> };
    expect(audit.events.map((event) => event.action)).toEqual(['apikey.revoked', 'apikey.created']);
  });

  it('refuses unknown, malformed and expired keys with 401, and never falls back to the cookie', async () => {
    const created = await admin.request('/api/api-keys', {
      json: { name: 'expiring', scopes: ['read'], expiresAt: new Date(Date.now() + 1_500).toISOString() },
      csrf: true,
    });
    const { key } = createdApiKeySchema.parse(await created.json());
    expect((await new TestBrowser(api().url).request('/api/system', withKey(key))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await new TestBrowser(api().url).request('/api/system', withKey(key))).status).toBe(401);

    const forged = `${key.slice(0, -4)}AAAA`;
    expect((await new TestBrowser(api().url).request('/api/system', withKey(forged))).status).toBe(401);
    expect((await new TestBrowser(api().url).request('/api/system', withKey('not-a-key'))).status).toBe(401);
    expect((await new TestBrowser(api().url).request('/api/system', { headers: { Authorization: 'Basic YTpi' } })).status).toBe(401);
    // A signed-in admin sending a bad key is judged by the key alone.
    expect((await admin.request('/api/system', withKey('dbk_aaaaaaaaaaaa_' + 'A'.repeat(43)))).status).toBe(401);
  });

  it('validates key requests: unknown scope, no scope, blank name', async () => {
    const bad = await admin.request('/api/api-keys', { json: { name: ' ', scopes: ['admin'] }, csrf: true });
    expect(bad.status).toBe(400);
    const none = await admin.request('/api/api-keys', { json: { name: 'x', scopes: [] }, csrf: true });
    expect(none.status).toBe(400);
  });

  it('is managed from the CLI too: create prints the key once, list shows it, revoke ends it', async () => {
    const created = await drumbeat('apikey', 'create', '--name', 'Warehouse ETL', '--scopes', 'ingest,read');
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^dbk_[a-z0-9]{12}_/);
    expect(created.stderr).toMatch(/cannot be shown again/);
    expect((await new TestBrowser(api().url).request('/api/system', withKey(key))).status).toBe(200);

    const listed = await drumbeat('apikey', 'list', '--json');
    const keys = (JSON.parse(listed.stdout) as unknown[]).map((entry) => apiKeySchema.parse(entry));
    const mine = keys.find((entry) => entry.name === 'Warehouse ETL');
    expect(mine?.scopes).toEqual(['ingest', 'read']);
    expect(listed.stdout).not.toContain(key.slice(18));

    const revoked = await drumbeat('apikey', 'revoke', key.slice(0, 16));
    expect(revoked.code).toBe(0);
    expect((await new TestBrowser(api().url).request('/api/system', withKey(key))).status).toBe(401);
    const audit = await api().built.auth.audit.list({ action: 'apikey.created', targetId: mine?.id, limit: 1 });
    expect(audit.events[0]?.actor).toMatchObject({ type: 'system' });
    expect(audit.events[0]?.actor.label).toMatch(/^cli:/);
  });

  it('answers CLI mistakes with the usage and exit code 2', async () => {
    const noScopes = await drumbeat('apikey', 'create', '--name', 'x');
    expect(noScopes.code).toBe(2);
    expect(noScopes.stderr).toMatch(/--scopes/);
    expect(noScopes.stderr).toMatch(/Usage:/);
    const unknown = await drumbeat('apikey', 'frobnicate');
    expect(unknown.code).toBe(2);
  });
});
