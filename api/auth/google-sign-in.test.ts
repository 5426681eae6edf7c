import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApi } from '../../test/helpers/api.js';
import { TestBrowser } from '../../test/helpers/browser.js';
import { FakeGoogleProvider, type FakeGoogleAccount } from '../../test/fakes/google-oauth-provider.js';

const google = new FakeGoogleProvider('drumbeat-test.apps.googleusercontent.com', 'test-client-secret');
beforeAll(() => google.start());
afterAll(() => google.stop());

const api = useTestApi(() => ({ ...google.env(), AUTH_ALLOWED_DOMAINS: 'acme.test', AUTH_ALLOWED_EMAILS: 'partner@elsewhere.test' }));

const account = (email: string, overrides: Partial<FakeGoogleAccount> = {}): FakeGoogleAccount => ({
  sub: `sub-${email}`,
  email,
  email_verified: true,
  name: email.split('@')[0] ?? email,
  ...overrides,
});

/** Runs the whole code flow in a fresh browser and returns the browser and where it landed. */
async function signInWithGoogle(who: FakeGoogleAccount, startPath = '/auth/google'): Promise<{ browser: TestBrowser; landedOn: string }> {
  google.signInAs(who);
  const browser = new TestBrowser(api().url);
  const hops = await browser.navigate(startPath);
  const lastRedirect = hops.filter((hop) => hop.headers.has('location')).at(-1);
  return { browser, landedOn: lastRedirect?.headers.get('location') ?? '(no redirect)' };
}

describe('Google sign-in (authorization code + PKCE against a fake Google on loopback)', () => {
  it('signs an allowed person in: a session cookie, /api/me, and the first person becomes admin', async () => {
    const { browser, landedOn } = await signInWithGoogle(account('ada@acme.test', { name: 'Ada Lovelace' }), '/auth/google?returnTo=/campaigns?tab=2');
    expect(landedOn).toBe('/campaigns?tab=2');
    const me = await browser.me();
    expect(me?.user).toMatchObject({ email: 'ada@acme.test', name: 'Ada Lovelace', role: 'admin', disabled: false });
    expect(me?.method).toBe('google');
    expect(me?.permissions).toContain('users:manage');

    const authorization = google.record.authorizationRequests.at(-1);
    expect(authorization?.get('redirect_uri')).toBe(`${api().url}/auth/google/callback`);
    expect(authorization?.get('scope')).toBe('openid email profile');
    expect(authorization?.get('code_challenge_method')).toBe('S256');
    expect(google.record.tokenRequests.at(-1)?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(google.record.tokensInQuery).toBe(0);
  });

  it('sets the session cookie httpOnly, SameSite=Lax and signed, with a fresh id at each sign-in', async () => {
    google.signInAs(account('grace@acme.test'));
    const browser = new TestBrowser(api().url);
    const hops = await browser.navigate('/auth/google');
    const callback = hops.find((hop) => hop.url.includes('/auth/google/callback'));
    const cookies = callback?.headers.getSetCookie() ?? [];
    const session = cookies.find((cookie) => cookie.startsWith('drumbeat_session='));
    expect(session).toMatch(/httponly/i);
    expect(session).toMatch(/samesite=lax/i);
    expect(cookies.some((cookie) => cookie.startsWith('drumbeat_session.sig='))).toBe(true);
    const firstCookies = new Map(browser.cookies);
    expect(await browser.me()).not.toBeNull();

    await browser.navigate('/auth/google');
    expect(browser.cookies.get('drumbeat_session')).not.toBe(firstCookies.get('drumbeat_session'));
    expect(await browser.me()).not.toBeNull();
    // The session the browser held before signing in again was ended, not left alive beside the new one.
    const stale = new TestBrowser(api().url);
    for (const [name, value] of firstCookies) stale.cookies.set(name, value);
    expect(await stale.me()).toBeNull();
  });

  it('gives later people the default role (viewer)', async () => {
    const { browser } = await signInWithGoogle(account('lin@acme.test'));
    expect((await browser.me())?.user.role).toBe('viewer');
  });

  it('admits an e-mail listed outside the allowed domains', async () => {
    const { browser, landedOn } = await signInWithGoogle(account('partner@elsewhere.test'));
    expect(landedOn).toBe('/');
    expect(await browser.me()).not.toBeNull();
  });

  it('refuses a person outside the allowlist, creates no session and audits the refusal', async () => {
    const { browser, landedOn } = await signInWithGoogle(account('mallory@evil.test'));
    expect(landedOn).toBe('/sign-in?error=not_allowed');
    expect(browser.cookies.has('drumbeat_session')).toBe(false);
    expect(await browser.me()).toBeNull();
    const refused = await api().built.auth.audit.list({ action: 'auth.sign_in_refused', limit: 10 });
    expect(refused.events.some((event) => event.actor.label === 'mallory@evil.test')).toBe(true);
  });

  it('keeps where a refused person was heading, for the retry', async () => {
    const { landedOn } = await signInWithGoogle(account('mallory@evil.test'), '/auth/google?returnTo=/segments/42');
    expect(landedOn).toBe(`/sign-in?error=not_allowed&returnTo=${encodeURIComponent('/segments/42')}`);
  });

  it('refuses a subdomain of an allowed domain and an unverified e-mail', async () => {
    expect((await signInWithGoogle(account('eve@mail.acme.test'))).landedOn).toBe('/sign-in?error=not_allowed');
    expect((await signInWithGoogle(account('unverified@acme.test', { email_verified: false }))).landedOn).toBe('/sign-in?error=email_unverified');
  });

  it('refuses a forged state, never calling the token endpoint', async () => {
    google.signInAs(account('ada@acme.test'));
    const browser = new TestBrowser(api().url);
    await browser.request('/auth/google'); // a real attempt sets the binding cookie
    const tokenCalls = google.record.tokenRequests.length;
    const forged = await browser.request('/auth/google/callback?code=stolen-code&state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toBe('/sign-in?error=invalid_state');
    expect(google.record.tokenRequests.length).toBe(tokenCalls);
    expect(await browser.me()).toBeNull();
  });

  it('refuses a genuine state replayed into another browser (login CSRF) and a state used twice', async () => {
    google.signInAs(account('ada@acme.test'));
    const victim = new TestBrowser(api().url);
    const toGoogle = await victim.request('/auth/google');
    const atGoogle = await victim.request(toGoogle.headers.get('location') ?? '');
    const callbackUrl = atGoogle.headers.get('location') ?? '';

    const attacker = new TestBrowser(api().url);
    const replayed = await attacker.request(callbackUrl);
    expect(replayed.headers.get('location')).toBe('/sign-in?error=invalid_state');

    // The attempt's state was spent by the refused replay: even its own browser cannot use it now.
    const late = await victim.request(callbackUrl);
    expect(late.headers.get('location')).toBe('/sign-in?error=invalid_state');
    expect(await victim.me()).toBeNull();
  });

  it('sends a cancelled consent back to the sign-in page', async () => {
    const browser = new TestBrowser(api().url);
    const cancelled = await browser.request('/auth/google/callback?error=access_denied&state=whatever');
    expect(cancelled.headers.get('location')).toBe('/sign-in?error=cancelled');
  });

  it('never redirects off-site after sign-in', async () => {
    for (const returnTo of ['https://evil.test/', '//evil.test/x', '/\\evil.test']) {
      const { landedOn } = await signInWithGoogle(account('ada@acme.test'), `/auth/google?returnTo=${encodeURIComponent(returnTo)}`);
      expect(landedOn).toBe('/');
    }
  });

  it('signs out: the session ends on the server, the cookie is cleared, and it is audited', async () => {
    const { browser } = await signInWithGoogle(account('lin@acme.test'));
    const me = await browser.me();
    const stolenCookies = new Map(browser.cookies);
    const refusedWithoutToken = await browser.request('/auth/logout', { method: 'POST' });
    expect(refusedWithoutToken.status).toBe(403);
    const out = await browser.request('/auth/logout', { method: 'POST', csrf: true });
    expect(out.status).toBe(204);
    expect(browser.cookies.has('drumbeat_session')).toBe(false);
    // A copy of the old cookie is worthless once signed out.
    const replay = new TestBrowser(api().url);
    for (const [name, value] of stolenCookies) replay.cookies.set(name, value);
    expect(await replay.me()).toBeNull();
    const events = await api().built.auth.audit.list({ action: 'auth.signed_out', actorId: me?.user.id, limit: 5 });
    expect(events.events).toHaveLength(1);
  });

  it('offers Google, not the development sign-in, once a Google client is configured', async () => {
    const providers = await (await fetch(`${api().url}/api/auth/providers`)).json();
    expect(providers).toEqual({ google: true, dev: false });
    const dev = await fetch(`${api().url}/api/auth/dev`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"email":"a@acme.test"}' });
    expect(dev.status).toBe(404);
  });
});
