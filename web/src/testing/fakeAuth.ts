import { vi } from 'vitest';
import type { AuthApi, Me, SignInProviders } from '../api/auth';
import { ApiError } from '../api/client';
import { meFixture } from './fakeServer';

/** The 401 the auth API reports when nobody is signed in. */
export function unauthorizedError(): ApiError {
  return new ApiError({ type: 'urn:drumbeat:problem:unauthenticated', title: 'Unauthorized', status: 401 });
}

/** An `AuthApi` of mocks: signed in as `me` (null: anonymous), offering `providers`. */
export function fakeAuthApi({
  me = meFixture(),
  providers = { google: true, dev: false },
}: { me?: Me | null; providers?: SignInProviders } = {}) {
  return {
    fetchProviders: vi.fn<AuthApi['fetchProviders']>().mockResolvedValue(providers),
    fetchMe: me
      ? vi.fn<AuthApi['fetchMe']>().mockResolvedValue(me)
      : vi.fn<AuthApi['fetchMe']>().mockRejectedValue(unauthorizedError()),
    signInDev: vi.fn<AuthApi['signInDev']>().mockResolvedValue(meFixture({ method: 'dev' })),
    signOut: vi.fn<AuthApi['signOut']>().mockResolvedValue(undefined),
  };
}
