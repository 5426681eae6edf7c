import { z } from 'zod';
import { createApiClient, type ApiClient } from './client';

const checkSchema = z.object({
  status: z.enum(['ok', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});

/** Body of `GET /readyz`, sent with 200 when all services are up and 503 otherwise. */
export const readinessSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ mongo: checkSchema, redis: checkSchema, temporal: checkSchema }),
});

// These land in href attributes; refusing other schemes keeps a `javascript:` URL out of the page.
const linkSchema = z.string().regex(/^(https?:\/\/|\/(?!\/))/i, 'expected an http(s) URL or a root-relative path');

/** Body of `GET /api/system`. */
export const systemInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  environment: z.string(),
  docsUrl: linkSchema,
  openapiUrl: linkSchema,
  temporalUiUrl: linkSchema.nullable(),
});

export type ServiceCheck = z.infer<typeof checkSchema>;
export type Readiness = z.infer<typeof readinessSchema>;
export type ServiceName = keyof Readiness['checks'];
export type SystemInfo = z.infer<typeof systemInfoSchema>;

/** The system endpoints as the store sees them, so tests can swap the transport. */
export interface SystemApi {
  fetchReadiness(): Promise<Readiness>;
  fetchSystemInfo(): Promise<SystemInfo>;
}

/** Reads service health; a 503 means "some service is down" and is returned as data. */
export function fetchReadiness(client: ApiClient = createApiClient()): Promise<Readiness> {
  return client.getJson('/readyz', (body) => readinessSchema.parse(body), { acceptStatuses: [503] });
}

/** Reads the server's name, version and the links the web app shows. */
export function fetchSystemInfo(client: ApiClient = createApiClient()): Promise<SystemInfo> {
  return client.getJson('/api/system', (body) => systemInfoSchema.parse(body));
}

/** Binds the system endpoints to one client. */
export function createSystemApi(client: ApiClient = createApiClient()): SystemApi {
  return {
    fetchReadiness: () => fetchReadiness(client),
    fetchSystemInfo: () => fetchSystemInfo(client),
  };
}
