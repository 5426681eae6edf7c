import type { StateStore } from 'passport-oauth2';
import { Strategy as GoogleStrategy, type Profile } from 'passport-google-oauth20';
import type { AuthConfig } from '../../config/auth.js';
import type { RedisOAuthStateStore } from './oauth-state-store.js';

/** What Google tells us about the person who signed in. */
export interface GoogleIdentity {
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  pictureUrl: string | null;
}

/** passport-google-oauth20 configured with PKCE, a Redis state store and our (overridable) endpoints. */
export function createGoogleStrategy(google: NonNullable<AuthConfig['google']>, stateStore: RedisOAuthStateStore): GoogleStrategy {
  const strategy = new GoogleStrategy(
    {
      clientID: google.clientId,
      clientSecret: google.clientSecret,
      authorizationURL: google.authorizationUrl,
      tokenURL: google.tokenUrl,
      userProfileURL: google.userInfoUrl,
      // The callback URL is passed per request (it depends on PUBLIC_URL or the request's origin).
      callbackURL: '/auth/google/callback',
      scope: ['openid', 'email', 'profile'],
      pkce: true,
      state: true,
      // Our store takes the PKCE verifier too (passport-oauth2's five-argument form), which the typings omit.
      store: stateStore as unknown as StateStore,
    },
    (_accessToken: string, _refreshToken: string, profile: Profile, done: (error: null, identity: GoogleIdentity) => void) => {
      done(null, identityOf(profile));
    },
  );
  // Send the access token to userinfo in the Authorization header rather than the URL's query string,
  // where proxies and access logs would keep it.
  (strategy as unknown as { _oauth2: { useAuthorizationHeaderforGET(use: boolean): void } })._oauth2.useAuthorizationHeaderforGET(true);
  return strategy;
}

function identityOf(profile: Profile): GoogleIdentity {
  const email = profile.emails?.[0];
  const verified = (email as { verified?: boolean | string } | undefined)?.verified;
  return {
    subject: profile.id,
    email: email?.value.trim().toLowerCase() ?? null,
    // Google's userinfo sends a boolean; older profile endpoints sent the string "true".
    emailVerified: verified === true || verified === 'true',
    name: profile.displayName || null,
    pictureUrl: profile.photos?.[0]?.value ?? null,
  };
}
