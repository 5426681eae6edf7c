import { z } from 'zod';
import { inviteUserSchema, updateUserSchema, userSchema } from '../../domain/auth/schemas.js';
import { originOf } from '../audit/audit-log.js';
import { currentPrincipal } from '../auth/current-principal.js';
import { actorOf } from '../auth/principal.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { UserService } from './user-service.js';

const idParams = z.object({ id: z.string().describe('User id') });

/** Admin routes for people and their roles. */
export function userRoutes(users: UserService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/users',
      operationId: 'listUsers',
      summary: 'Everyone who signed in or was invited',
      tags: ['users'],
      access: { kind: 'permission', permission: 'users:manage' },
      responses: { 200: { description: 'Users, by e-mail', schema: z.object({ users: z.array(userSchema) }) } },
      handler: async () => ({ status: 200, body: { users: await users.list() } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/users',
      operationId: 'inviteUser',
      summary: 'Invite someone by e-mail with a role; they may then sign in even outside the allowlist',
      tags: ['users'],
      access: { kind: 'permission', permission: 'users:manage' },
      request: { body: inviteUserSchema },
      responses: { 201: { description: 'Invited', schema: userSchema }, 409: { description: 'Already has an account' } },
      handler: async ({ body }, ctx) => ({
        status: 201,
        body: await users.invite(body, actorOf(currentPrincipal(ctx)), originOf(ctx)),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/api/users/:id',
      operationId: 'updateUser',
      summary: "Change someone's role, or disable them (ending their sessions) or re-enable them",
      tags: ['users'],
      access: { kind: 'permission', permission: 'users:manage' },
      request: { params: idParams, body: updateUserSchema },
      responses: {
        200: { description: 'Updated', schema: userSchema },
        404: { description: 'No such user' },
        409: { description: 'Would leave no active admin' },
      },
      handler: async ({ params, body }, ctx) => ({
        status: 200,
        body: await users.update(params.id, body, actorOf(currentPrincipal(ctx)), originOf(ctx)),
      }),
    }),
  ];
}
