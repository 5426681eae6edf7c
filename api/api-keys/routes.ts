import { z } from 'zod';
import { apiKeySchema, createApiKeySchema, createdApiKeySchema } from '../../domain/auth/schemas.js';
import { notFound } from '../../http/errors/catalogue.js';
import { originOf } from '../audit/audit-log.js';
import { currentPrincipal } from '../auth/current-principal.js';
import { actorOf } from '../auth/principal.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { ApiKeyService } from './api-key-service.js';

/** Admin routes for integrators' API keys. */
export function apiKeyRoutes(keys: ApiKeyService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/api-keys',
      operationId: 'listApiKeys',
      summary: 'Every API key, newest first, without secrets',
      tags: ['api keys'],
      access: { kind: 'permission', permission: 'apikeys:manage' },
      responses: { 200: { description: 'API keys', schema: z.object({ apiKeys: z.array(apiKeySchema) }) } },
      handler: async () => ({ status: 200, body: { apiKeys: await keys.list() } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/api-keys',
      operationId: 'createApiKey',
      summary: 'Create a key for an integrator; the answer is the only time the key is shown',
      tags: ['api keys'],
      access: { kind: 'permission', permission: 'apikeys:manage' },
      request: { body: createApiKeySchema },
      responses: { 201: { description: 'Created: store `key` now, it cannot be shown again', schema: createdApiKeySchema } },
      handler: async ({ body }, ctx) => ({
        status: 201,
        body: await keys.create(body, actorOf(currentPrincipal(ctx)), originOf(ctx)),
        headers: { 'Cache-Control': 'no-store' },
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/api-keys/:id',
      operationId: 'revokeApiKey',
      summary: 'Revoke a key: every later request with it gets 401',
      tags: ['api keys'],
      access: { kind: 'permission', permission: 'apikeys:manage' },
      request: { params: z.object({ id: z.string().describe('Key id') }) },
      responses: { 200: { description: 'Revoked', schema: apiKeySchema }, 404: { description: 'No such key' } },
      handler: async ({ params }, ctx) => {
        const revoked = await keys.revoke(params.id, actorOf(currentPrincipal(ctx)), originOf(ctx));
        if (!revoked) throw notFound('No such API key.');
        return { status: 200, body: revoked };
      },
    }),
  ];
}
