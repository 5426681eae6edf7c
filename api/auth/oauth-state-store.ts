import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Redis } from 'ioredis';
import { z } from 'zod';

const stateTtlMs = 10 * 60_000;

const storedStateSchema = z.object({
  codeVerifier: z.string(),
  browserBindingHash: z.string(),
  appState: z.unknown(),
});

type StoreCallback = (error: Error | null, handle?: string) => void;
type VerifyCallback = (error: Error | null, verifier?: string | false, stateOrInfo?: unknown) => void;

/** The request as the strategy sees it, carrying the browser-binding value of this sign-in attempt. */
export interface OAuthRequest extends IncomingMessage {
  query: Record<string, unknown>;
  oauthBrowserBinding?: string;
}

/**
 * passport-oauth2's PKCE state store, kept in Redis instead of an express session. Each sign-in
 * attempt stores its PKCE verifier under a random `state` handle for ten minutes, bound to a random
 * value in a cookie of the browser that started it: a callback with an unknown, reused or expired
 * state, or one replayed into another browser (login CSRF), is refused.
 */
export class RedisOAuthStateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'oauth-state',
  ) {}

  /** Called by the strategy when it redirects to the provider. */
  store(req: OAuthRequest, verifier: string, appState: unknown, _meta: unknown, callback: StoreCallback): void {
    const binding = req.oauthBrowserBinding;
    if (!binding) {
      callback(new Error('no browser binding for this sign-in attempt'));
      return;
    }
    const handle = randomBytes(24).toString('base64url');
    const value = JSON.stringify({ codeVerifier: verifier, browserBindingHash: sha256(binding), appState: appState ?? null });
    this.redis.set(this.keyOf(handle), value, 'PX', stateTtlMs).then(
      () => callback(null, handle),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  /** Called by the strategy on the callback; the state is consumed, so it works once. */
  verify(req: OAuthRequest, providedState: unknown, callback: VerifyCallback): void {
    const refuse = (): void => callback(null, false, { message: 'invalid_state' });
    if (typeof providedState !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(providedState)) {
      refuse();
      return;
    }
    this.redis.getdel(this.keyOf(providedState)).then(
      (stored) => {
        const parsed = storedStateSchema.safeParse(stored === null ? undefined : JSON.parse(stored));
        const binding = req.oauthBrowserBinding;
        if (!parsed.success || !binding || !sameHash(parsed.data.browserBindingHash, sha256(binding))) {
          refuse();
          return;
        }
        callback(null, parsed.data.codeVerifier, parsed.data.appState);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  private keyOf(handle: string): string {
    return `${this.prefix}:${handle}`;
  }
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
