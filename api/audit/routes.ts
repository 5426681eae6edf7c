import { auditPageSchema, auditQuerySchema } from '../../domain/auth/schemas.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { AuditLog } from './audit-log.js';

/** The audit log, for admins. */
export function auditRoutes(audit: AuditLog): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit-events',
      operationId: 'listAuditEvents',
      summary: 'Who did what, when and from where; newest first, filterable, paged',
      tags: ['audit'],
      access: { kind: 'permission', permission: 'audit:read' },
      request: { query: auditQuerySchema },
      responses: { 200: { description: 'A page of events; pass nextBefore as before for the next', schema: auditPageSchema } },
      handler: async ({ query }) => ({ status: 200, body: await audit.list(query) }),
    }),
  ];
}
