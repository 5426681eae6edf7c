import { beforeAll, describe, expect, it } from 'vitest';
import { userSchema } from '../../domain/auth/schemas.js';
import { useTestApi } from '../../test/helpers/api.js';
import { TestBrowser } from '../../test/helpers/browser.js';
import { signInCast, type Cast } from '../../test/helpers/cast.js';

const api = useTestApi({ AUTH_ALLOWED_DOMAINS: 'cast.test' });
let cast: Cast;
beforeAll(async () => {
  cast = await signInCast(api().url);
});

async function userIdOf(email: string): Promise<string> {
  const listed = (await (await cast.people.admin.request('/api/users')).json()) as { users: unknown[] };
  const user = listed.users.map((entry) => userSchema.parse(entry)).find((entry) => entry.email === email);
  if (!user) throw new Error(`no user ${email}`);
  return user.id;
}

describe('users, roles and sessions', () => {
  it('refuses a cookie-authenticated write without the CSRF token, with a wrong one, or from another origin', async () => {
    const admin = cast.people.admin;
    const body = { email: 'csrf@cast.test', role: 'viewer' };
    const missing = await admin.request('/api/users', { json: body });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ code: 'csrf_rejected' });
    const wrong = await admin.request('/api/users', { json: body, headers: { 'X-CSRF-Token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    const crossSite = await admin.request('/api/users', { json: body, csrf: true, headers: { Origin: 'https://evil.test' } });
    expect(crossSite.status).toBe(403);
    const sameSite = await admin.request('/api/users', { json: body, csrf: true, headers: { Origin: api().url } });
    expect(sameSite.status).toBe(201);
  });

  it('tells the app who is signed in without a failing request: null for nobody', async () => {
    const anonymous = await new TestBrowser(api().url).request('/api/auth/session');
    expect(anonymous.status).toBe(200);
    expect(await anonymous.json()).toEqual({ me: null });
    const signedIn = (await (await cast.people.viewer.request('/api/auth/session')).json()) as { me: { user: { email: string } } | null };
    expect(signedIn.me?.user.email).toBe('viewer@cast.test');
  });

  it('treats a session cookie with a tampered value or signature as anonymous', async () => {
    const forger = new TestBrowser(api().url);
    for (const [name, value] of cast.people.viewer.cookies) forger.cookies.set(name, value);
    forger.cookies.set('drumbeat_session', `${forger.cookies.get('drumbeat_session') ?? ''}x`);
    expect(await forger.me()).toBeNull();
  });

  it('applies a role change on the next request and audits it', async () => {
    const id = await userIdOf('viewer@cast.test');
    const viewer = cast.people.viewer;
    expect((await viewer.request('/api/users')).status).toBe(403);
    const promoted = await cast.people.admin.request(`/api/users/${id}`, { method: 'PATCH', json: { role: 'admin' }, csrf: true });
    expect(promoted.status).toBe(200);
    expect((await viewer.request('/api/users')).status).toBe(200);
    await cast.people.admin.request(`/api/users/${id}`, { method: 'PATCH', json: { role: 'viewer' }, csrf: true });
    expect((await viewer.request('/api/users')).status).toBe(403);

    const audit = (await (await cast.people.admin.request(`/api/audit-events?action=user.role_changed&targetId=${id}`)).json()) as {
      events: Array<{ details: Record<string, unknown>; actor: { label: string }; ip: string | null }>;
    };
    expect(audit.events.map((event) => event.details)).toEqual([
      { from: 'admin', to: 'viewer' },
      { from: 'viewer', to: 'admin' },
    ]);
    expect(audit.events[0]?.actor.label).toBe('admin@cast.test');
    expect(audit.events[0]?.ip).toMatch(/127\.0\.0\.1/);
  });

  it('ends every session of a disabled user at once, refuses their sign-in, and lets them back when re-enabled', async () => {
    const id = await userIdOf('marketer@cast.test');
    const secondDevice = new TestBrowser(api().url);
    await secondDevice.devSignIn('marketer@cast.test');
    const disabled = await cast.people.admin.request(`/api/users/${id}`, { method: 'PATCH', json: { disabled: true }, csrf: true });
    expect(await disabled.json()).toMatchObject({ disabled: true });
    expect(await cast.people.marketer.me()).toBeNull();
    expect(await secondDevice.me()).toBeNull();
    const again = await new TestBrowser(api().url).request('/api/auth/dev', { json: { email: 'marketer@cast.test' } });
    expect(again.status).toBe(403);

    await cast.people.admin.request(`/api/users/${id}`, { method: 'PATCH', json: { disabled: false }, csrf: true });
    expect((await cast.people.marketer.devSignIn('marketer@cast.test')).user.role).toBe('marketer');
    const audit = (await (await cast.people.admin.request(`/api/audit-events?targetId=${id}`)).json()) as { events: Array<{ action: string; details: Record<string, unknown> }> };
    expect(audit.events.map((event) => event.action).slice(0, 2)).toEqual(['user.enabled', 'user.disabled']);
    expect(audit.events[1]?.details).toEqual({ endedSessions: 2 });
  });

  it('will not demote or disable the last active admin', async () => {
    const id = await userIdOf('admin@cast.test');
    const demote = await cast.people.admin.request(`/api/users/${id}`, { method: 'PATCH', json: { role: 'marketer' }, csrf: true });
    expect(demote.status).toBe(409);
    const disable = await cast.people.admin.request(`/api/users/${id}`, { method: 'PATCH', json: { disabled: true }, csrf: true });
    expect(disable.status).toBe(409);
    expect((await cast.people.admin.me())?.user.role).toBe('admin');
  });

  it('refuses to invite someone twice and validates invitations', async () => {
    const twice = await cast.people.admin.request('/api/users', { json: { email: 'VIEWER@cast.test ', role: 'viewer' }, csrf: true });
    expect(twice.status).toBe(409);
    const bad = await cast.people.admin.request('/api/users', { json: { email: 'not-an-email', role: 'owner' }, csrf: true });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: Array<{ path: string }> };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(['body.email', 'body.role']);
  });

  it('keeps development sign-in to the allowlist once one is configured', async () => {
    const outsider = await new TestBrowser(api().url).request('/api/auth/dev', { json: { email: 'someone@elsewhere.test' } });
    expect(outsider.status).toBe(403);
    const insider = await new TestBrowser(api().url).devSignIn('newcomer@cast.test');
    expect(insider.user.role).toBe('viewer');
    expect(insider.method).toBe('dev');
  });

  it('lists and filters the audit log newest first, paging with nextBefore', async () => {
    const first = (await (await cast.people.admin.request('/api/audit-events?action=auth.signed_in&limit=2')).json()) as {
      events: Array<{ id: string; at: string; action: string }>;
      nextBefore: string | null;
    };
    expect(first.events).toHaveLength(2);
    expect(first.events.every((event) => event.action === 'auth.signed_in')).toBe(true);
    expect(first.nextBefore).toBe(first.events[1]?.id);
    const second = (await (await cast.people.admin.request(`/api/audit-events?action=auth.signed_in&limit=2&before=${first.nextBefore ?? ''}`)).json()) as {
      events: Array<{ id: string; at: string }>;
    };
    expect(second.events[0]?.at.localeCompare(first.events[1]?.at ?? '')).toBeLessThanOrEqual(0);
    expect(second.events.map((event) => event.id)).not.toContain(first.events[0]?.id);
    const badFilter = await cast.people.admin.request('/api/audit-events?action=nonsense');
    expect(badFilter.status).toBe(400);
  });
});
