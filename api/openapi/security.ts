import { rolePermissions, roles, scopePermissions, apiKeyScopes } from '../../domain/auth/access.js';
import { signatureHeader } from '../../http/signed-payload.js';
import type { RouteAccess } from '../routing/route.js';

type JsonSchema = Record<string, unknown>;

/** The ways a caller can authenticate, as OpenAPI security schemes. */
export const securitySchemes: JsonSchema = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'drumbeat_session',
    description:
      'A signed-in person (Google or development sign-in). Writes must also send `X-CSRF-Token` from `GET /api/me`. In production the cookie is `__Host-drumbeat_session`.',
  },
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description: 'An integrator API key (`dbk_…`) created by an admin, limited by its scopes: ingest, read, campaigns.',
  },
  vendorSignature: {
    type: 'apiKey',
    in: 'header',
    name: signatureHeader,
    description: 'HMAC-SHA256 of `<X-Drumbeat-Timestamp>.<raw body>` with RECEIPTS_SIGNING_SECRET, as `v1=<hex>`.',
  },
};

/** The `security` requirement and a sentence for the description of a route's access rule. */
export function securityOf(access: RouteAccess): { security: JsonSchema[]; note: string } {
  switch (access.kind) {
    case 'public':
      return { security: [], note: `Public: ${access.reason}.` };
    case 'session':
      return { security: [{ session: [] }], note: 'Any signed-in person (not an API key).' };
    case 'vendorSignature':
      return { security: [{ vendorSignature: [] }], note: 'Only the messaging vendor, by signature.' };
    case 'permission': {
      const permitted = roles.filter((role) => rolePermissions[role].has(access.permission));
      const scopes = apiKeyScopes.filter((scope) => scopePermissions[scope].has(access.permission));
      const keyNote = scopes.length > 0 ? `API keys with scope ${scopes.join(' or ')}` : 'no API key';
      return {
        security: [{ session: [] }, ...(scopes.length > 0 ? [{ apiKey: [] }] : [])],
        note: `Requires \`${access.permission}\`: roles ${permitted.join(', ')}; ${keyNote}.`,
      };
    }
  }
}
