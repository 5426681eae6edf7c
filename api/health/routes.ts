import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { readinessSchema } from '../../domain/system.js';
import { checkReadiness, type DependencyCheck, type DependencyName } from './readiness.js';

const readinessTimeoutMs = 2_000;

/** Liveness and readiness probes for load balancers, orchestrators and people. */
export function healthRoutes(checks: Record<DependencyName, DependencyCheck>): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/healthz',
      operationId: 'getHealth',
      summary: 'Liveness: the process is up and serving HTTP',
      tags: ['health'],
      access: { kind: 'public', reason: 'load balancers and orchestrators probe it without credentials' },
      responses: { 200: { description: 'Alive', schema: z.object({ status: z.literal('ok') }) } },
      handler: async () => ({ status: 200, body: { status: 'ok' } }),
    }),
    defineRoute({
      method: 'get',
      path: '/readyz',
      operationId: 'getReadiness',
      summary: 'Readiness: MongoDB, Redis and Temporal each reachable',
      description: 'Each dependency is reported separately; the status is 503 while any of them is down.',
      tags: ['health'],
      access: { kind: 'public', reason: 'orchestrators probe it without credentials; it reveals only up or down' },
      responses: {
        200: { description: 'Every dependency is reachable', schema: readinessSchema },
        503: { description: 'At least one dependency is down (same body shape as 200)' },
      },
      handler: async () => {
        const readiness = await checkReadiness(checks, readinessTimeoutMs);
        return {
          status: readiness.status === 'ok' ? 200 : 503,
          body: readiness,
          headers: { 'Cache-Control': 'no-store' },
        };
      },
    }),
  ];
}
