import { z } from 'zod';
import {
  createSegmentSchema,
  segmentFieldsSchema,
  segmentListSchema,
  segmentPreviewRequestSchema,
  segmentPreviewSchema,
  segmentSchema,
  updateSegmentSchema,
} from '../../domain/segment-api.js';
import { originOf } from '../audit/audit-log.js';
import { currentPrincipal } from '../auth/current-principal.js';
import { actorOf } from '../auth/principal.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { SegmentAudience } from './segment-audience.js';
import type { SegmentService } from './segment-service.js';

const idParams = z.object({ id: z.string().describe('Segment id: 24 hexadecimal characters') });
const ruleProblems = 'The rule has problems; `errors` names each (`rule.rules.0.value`).';
const outdated = "The saved rule no longer checks against today's fields (e.g. an attribute vanished); `errors` names each problem.";

/** Audiences: the builder's fields, live preview, and saved segments. */
export function segmentRoutes(segments: SegmentService, audience: SegmentAudience): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/segments/fields',
      operationId: 'listSegmentFields',
      summary: 'Every field a rule may name, with its type and operators: built-ins and custom attributes (declared or discovered)',
      tags: ['segments'],
      access: { kind: 'permission', permission: 'segments:read' },
      responses: { 200: { description: 'Fields and the limits a rule must keep', schema: segmentFieldsSchema } },
      handler: async () => ({ status: 200, body: await audience.fields() }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/segments/preview',
      operationId: 'previewSegment',
      summary: 'How many customers a rule matches now, and up to 10 of them (in no particular order)',
      tags: ['segments'],
      access: { kind: 'permission', permission: 'segments:read' },
      rateLimit: 'preview',
      request: { body: segmentPreviewRequestSchema },
      responses: { 200: { description: 'The audience', schema: segmentPreviewSchema }, 400: { description: ruleProblems } },
      handler: async ({ body }) => ({ status: 200, body: await audience.preview(body.rule) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/segments',
      operationId: 'listSegments',
      summary: 'Saved segments, newest first (at most 200)',
      tags: ['segments'],
      access: { kind: 'permission', permission: 'segments:read' },
      responses: { 200: { description: 'Segments', schema: segmentListSchema } },
      handler: async () => ({ status: 200, body: { segments: await segments.list() } }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/segments',
      operationId: 'createSegment',
      summary: 'Save a segment; its audience is counted on the way',
      tags: ['segments'],
      access: { kind: 'permission', permission: 'segments:write' },
      request: { body: createSegmentSchema },
      responses: {
        201: { description: 'Saved, with lastCount', schema: segmentSchema },
        400: { description: ruleProblems },
        409: { description: 'A segment with this name (ignoring case) exists' },
      },
      handler: async ({ body }, ctx) => ({ status: 201, body: await segments.create(body, actorOf(currentPrincipal(ctx)), originOf(ctx)) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/segments/:id',
      operationId: 'getSegment',
      summary: 'One saved segment',
      tags: ['segments'],
      access: { kind: 'permission', permission: 'segments:read' },
      request: { params: idParams },
      responses: { 200: { description: 'The segment', schema: segmentSchema }, 404: { description: 'No such segment' } },
      handler: async ({ params }) => ({ status: 200, body: await segments.get(params.id) }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/segments/:id',
      operationId: 'updateSegment',
      summary: 'Change name, description or rule; a changed rule is recounted',
      tags: ['segments'],
      access: { kind: 'permission', permission: 'segments:write' },
      request: { params: idParams, body: updateSegmentSchema },
      responses: {
        200: { description: 'Updated', schema: segmentSchema },
        400: { description: ruleProblems },
        404: { description: 'No such segment' },
        409: { description: 'Another segment has this name (ignoring case)' },
      },
      handler: async ({ params, body }, ctx) => ({
        status: 200,
        body: await segments.update(params.id, body, actorOf(currentPrincipal(ctx)), originOf(ctx)),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/segments/:id',
      operationId: 'deleteSegment',
      summary: 'Delete a saved segment',
      tags: ['segments'],
      access: { kind: 'permission', permission: 'segments:write' },
      request: { params: idParams },
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such segment' } },
      handler: async ({ params }, ctx) => {
        await segments.remove(params.id, actorOf(currentPrincipal(ctx)), originOf(ctx));
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/segments/:id/count',
      operationId: 'countSegment',
      summary: "Count a saved segment's audience now and store the count",
      tags: ['segments'],
      access: { kind: 'permission', permission: 'segments:write' },
      rateLimit: 'preview',
      request: { params: idParams },
      responses: { 200: { description: 'The segment with its new lastCount', schema: segmentSchema }, 404: { description: 'No such segment' }, 409: { description: outdated } },
      handler: async ({ params }) => ({ status: 200, body: await segments.recount(params.id) }),
    }),
  ];
}
