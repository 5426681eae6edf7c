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
        properties: {
          path: { type: 'string' },
          message: { type: 'string' },
          nodeId: { type: ['string', 'null'], description: "A flow error's node; null when it concerns the whole flow." },
          code: { type: 'string', description: "A flow error's stable code." },
          edgeIndex: { type: 'integer', description: "A flow error's edge, by its index in `edges`." },
          nodeIds: { type: 'array', items: { type: 'string' }, description: 'Every node a flow error involves (the steps of a cycle).' },
        },
      },
    },
  },
};

type Convert = (schema: z.ZodType, io: 'input' | 'output') => JsonSchema;

/** Every `$ref` in a JSON value rewritten by `rename` (other values kept). */
function rewriteRefs(value: unknown, rename: (ref: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, rename));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, key === '$ref' && typeof item === 'string' ? rename(item) : rewriteRefs(item, rename)]),
  );
}

/**
 * Converts zod schemas to JSON Schema (draft 2020-12, the dialect of OpenAPI 3.1) and gathers their
 * definitions into `components.schemas`. A schema's own `$defs` (recursive or named schemas) would
 * not resolve where the document embeds it, since `#/$defs/…` points at the document's root; hoisted,
 * they become `#/components/schemas/…`. Named components given up front win over a definition of the
 * same name (an input that is any JSON at the boundary but documented as a structure).
 */
function createSchemaConverter(components: Record<string, z.ZodType>): { convert: Convert; schemas: Record<string, JsonSchema> } {
  const schemas: Record<string, JsonSchema> = {};
  const given = new Set(Object.keys(components));

  const convert: Convert = (schema, io) => {
    const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
    const names = new Map<string, string>();
    for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      if (given.has(name)) {
        names.set(name, name);
        // The placeholder's description (from its meta) documents the component when it has none.
        const component = schemas[name];
        if (component && component.description === undefined && typeof definition.description === 'string') component.description = definition.description;
        continue;
      }
      // Anonymous definitions (`__schema0`) of different schemas may share a name: keep each distinct.
      let unique = name;
      for (let n = 2; schemas[unique] && JSON.stringify(schemas[unique]) !== JSON.stringify(definition); n += 1) unique = `${name}_${n}`;
      names.set(name, unique);
      schemas[unique] = definition;
    }
    const rename = (ref: string): string => {
      const match = /^#\/\$defs\/(.+)$/.exec(ref);
      return match?.[1] ? `#/components/schemas/${names.get(match[1]) ?? match[1]}` : ref;
    };
    for (const name of names.values()) if (!given.has(name)) schemas[name] = rewriteRefs(schemas[name], rename) as JsonSchema;
    return rewriteRefs(rest, rename) as JsonSchema;
  };

  for (const [name, schema] of Object.entries(components)) {
    // A recursive component refers to itself as `#`, its own root.
    const own = `#/components/schemas/${name}`;
    schemas[name] = rewriteRefs(convert(schema, 'input'), (ref) => (ref === '#' ? own : ref)) as JsonSchema;
  }
  return { convert, schemas };
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query', convert: Convert): JsonSchema[] {
  if (!schema) return [];
  const objectSchema = convert(schema, 'input');
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

function operationOf(route: RouteDefinition, convert: Convert): JsonSchema {
  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const isProblem = Number(status) >= 400;
    const content = isProblem
      ? { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
      : spec.schema
        ? { 'application/json': { schema: convert(spec.schema, 'output') } }
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
    parameters: [...parametersOf(route.request?.params, 'path', convert), ...parametersOf(route.request?.query, 'query', convert)],
    ...(route.request?.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: convert(route.request.body, 'input') } } } }
      : {}),
    responses,
  };
}

/** Koa's `/customers/:id` as OpenAPI's `/customers/{id}`. */
export function openApiPath(koaPath: string): string {
  return koaPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * The OpenAPI 3.1 document of every mounted route, generated from the same zod schemas that validate
 * input; `components` documents inputs by name (their `meta({ id })`) that are checked elsewhere.
 */
export function buildOpenApiDocument(info: OpenApiInfo, routes: RouteDefinition[], components: Record<string, z.ZodType> = {}): JsonSchema {
  const { convert, schemas } = createSchemaConverter(components);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route, convert) };
  }
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: { schemas: { ...schemas, Problem: problemSchema }, securitySchemes },
  };
}
