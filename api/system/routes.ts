import { systemInfoSchema, type SystemInfo } from '../../domain/system.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';

/** What the web app needs to know about this installation: version and where the consoles are. */
export function systemRoutes(info: SystemInfo): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/system',
      operationId: 'getSystemInfo',
      summary: 'Version of this Drumbeat and links to its API docs and the Temporal UI',
      tags: ['system'],
      access: { kind: 'permission', permission: 'system:read' },
      responses: { 200: { description: 'System information', schema: systemInfoSchema } },
      handler: async () => ({ status: 200, body: info }),
    }),
  ];
}
