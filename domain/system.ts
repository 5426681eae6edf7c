import { z } from 'zod';

// Shapes of the system endpoints, shared by the API (validation and OpenAPI) and the web app (parsing).

export const serviceCheckSchema = z.object({
  status: z.enum(['ok', 'down']),
  latencyMs: z.number(),
  error: z.string().optional(),
});

/** Body of `GET /readyz`, sent with 200 when every service is reachable and with 503 otherwise. */
export const readinessSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({ mongo: serviceCheckSchema, redis: serviceCheckSchema, temporal: serviceCheckSchema }),
});

// These land in href attributes; refusing other schemes keeps a `javascript:` URL out of the page.
const linkSchema = z.string().regex(/^(https?:\/\/|\/(?!\/))/i, 'expected an http(s) URL or a root-relative path');

/** Body of `GET /api/system`: this installation's version and where its consoles are. */
export const systemInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  environment: z.string(),
  docsUrl: linkSchema,
  openapiUrl: linkSchema,
  temporalUiUrl: linkSchema.nullable(),
});

export type ServiceCheck = z.infer<typeof serviceCheckSchema>;
export type Readiness = z.infer<typeof readinessSchema>;
export type ServiceName = keyof Readiness['checks'];
export type SystemInfo = z.infer<typeof systemInfoSchema>;
