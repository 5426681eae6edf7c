import { z } from 'zod';
import type { RouteDefinition } from '../routing/route.js';
import { securityOf, securitySchemes } from './security.js';

type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
}

const problemSchema: JsonSchema = {
  type: 'object',
  description: 'An RFC 9457 problem document.',
  required: ['type', 'title', 'status', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'A stable machine-readable error code.' },
    detail: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) of a zod schema, as input or as output. */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const objectSchema = jsonSchemaOf(schema, 'input');
  const properties = (objectSchema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((objectSchema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, propertySchema]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    ...(typeof propertySchema.description === 'string' ? { description: propertySchema.description } : {}),
    schema: propertySchema,
  }));
}

function problemResponse(description: string): JsonSchema {
  return { description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
}

function operationOf(route: RouteDefinition): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const isProblem = Number(status) >= 400;
    const content = isProblem
      ? { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
      : spec.schema
        ? { 'application/json': { schema: jsonSchemaOf(spec.schema, 'output') } }
        : undefined;
    responses[status] = { description: spec.description, ...(content ? { content } : {}) };
  }
  if (route.request && !responses['400']) {
    responses['400'] = problemResponse('Invalid input; `errors` names each field.');
  }
  const { security, note } = securityOf(route.access);
  if (route.access.kind !== 'public' && !responses['401']) responses['401'] = problemResponse('Not signed in, or the API key is not valid.');
  if (route.access.kind === 'permission' && !responses['403']) responses['403'] = problemResponse('This role or key scope may not do this.');
  if (route.rateLimit && !responses['429']) responses['429'] = problemResponse('Rate limit exceeded; see Retry-After.');
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description ? `${route.description}\n\n${note}` : note,
    tags: route.tags,
    security,
    parameters: [...parametersOf(route.request?.params, 'path'), ...parametersOf(route.request?.query, 'query')],
    ...(route.request?.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(route.request.body, 'input') } } } }
      : {}),
    responses,
  };
}

/** Koa's `/customers/:id` as OpenAPI's `/customers/{id}`. */
export function openApiPath(koaPath: string): string {
  return koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** The OpenAPI 3.1 document of every mounted route, generated from the same zod schemas that validate input. */
export function buildOpenApiDocument(info: OpenApiInfo, routes: RouteDefinition[]): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route) };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: { schemas: { Problem: problemSchema }, securitySchemes },
  };
}
