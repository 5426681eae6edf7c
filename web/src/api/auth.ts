import type { Permission } from '../../../domain/auth/access';
import {
  devSignInSchema,
  meSchema,
  sessionStateSchema,
  signInProvidersSchema,
  type DevSignIn,
  type Me,
  type SignInMethod,
  type SignInProviders,
  type User,
} from '../../../domain/auth/schemas';
import { ApiError, createApiClient, noContent, type ApiClient } from './client';

export { devSignInSchema, meSchema, signInProvidersSchema };
export type { DevSignIn, Me, Permission, SignInMethod, SignInProviders, User };

/** The sign-in endpoints as the auth store sees them, so tests can swap the transport. */
export interface AuthApi {
  fetchProviders(): Promise<SignInProviders>;
  fetchMe(): Promise<Me>;
  signInDev(input: DevSignIn): Promise<Me>;
  signOut(): Promise<void>;
}

/** Asks which ways of signing in this server offers (public). */
export function fetchProviders(client: ApiClient = createApiClient()): Promise<SignInProviders> {
  return client.getJson('/api/auth/providers', (body) => signInProvidersSchema.parse(body));
}

/**
 * Reads the signed-in session; rejects with a 401 `ApiError` when nobody is signed in. Asks the public
 * session route, which answers 200 either way, so a signed-out visitor's console shows no failed request.
 */
export async function fetchMe(client: ApiClient = createApiClient()): Promise<Me> {
  const { me } = await client.getJson('/api/auth/session', (body) => sessionStateSchema.parse(body));
  if (!me) throw new ApiError({ type: 'about:blank', title: 'Not signed in', status: 401, code: 'unauthenticated' });
  return me;
}

/** Signs in by e-mail alone; the server only offers this in development. */
export function signInDev(input: DevSignIn, client: ApiClient = createApiClient()): Promise<Me> {
  return client.sendJson('POST', '/api/auth/dev', devSignInSchema.parse(input), (body) => meSchema.parse(body));
}

/** Ends the session on the server (the client adds the CSRF token). */
export function signOut(client: ApiClient = createApiClient()): Promise<void> {
  return client.sendJson('POST', '/auth/logout', undefined, noContent);
}

/** Where the browser goes (a full page load) to sign in with Google and come back to `returnTo`. */
export function googleSignInUrl(returnTo: string): string {
  return `/auth/google?${new URLSearchParams({ returnTo }).toString()}`;
}

/** Binds the sign-in endpoints to one client. */
export function createAuthApi(client: ApiClient = createApiClient()): AuthApi {
  return {
    fetchProviders: () => fetchProviders(client),
    fetchMe: () => fetchMe(client),
    signInDev: (input) => signInDev(input, client),
    signOut: () => signOut(client),
  };
}
