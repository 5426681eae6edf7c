import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';

export const systemInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  environment: z.string(),
  docsUrl: z.string(),
  openapiUrl: z.string(),
  temporalUiUrl: z.string().nullable(),
});

export type SystemInfo = z.infer<typeof systemInfoSchema>;

/** What the web app needs to know about this installation: version and where the consoles are. */
export function systemRoutes(info: SystemInfo): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/system',
      operationId: 'getSystemInfo',
      summary: 'Version of this Drumbeat and links to its API docs and the Temporal UI',
      tags: ['system'],
      responses: { 200: { description: 'System information', schema: systemInfoSchema } },
      handler: async () => ({ status: 200, body: info }),
    }),
  ];
}
