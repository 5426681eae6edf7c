import {
  templateCheckRequestSchema,
  templateCheckSchema,
  templatePreviewRequestSchema,
  templatePreviewSchema,
  templateVariablesSchema,
} from '../../domain/templates/template-api.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { TemplatePreviewService } from './template-preview.js';

const malformed = 'The request is malformed (unknown channel, a field that is not text, an unknown key); `errors` names each part.';

/**
 * The message editor's helpers. Problems in a template are an answer here, not an error: the editor
 * shows them inline while the marketer types. Saving a message (with a flow) is where they refuse.
 */
export function templateRoutes(templates: TemplatePreviewService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/templates/variables',
      operationId: 'listTemplateVariables',
      summary: "Every variable a message may name: built-ins and this installation's custom attributes, for the token picker",
      tags: ['templates'],
      access: { kind: 'permission', permission: 'campaigns:read' },
      responses: { 200: { description: 'Variables with label, description and an example value', schema: templateVariablesSchema } },
      handler: async () => ({ status: 200, body: await templates.variables() }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/templates/check',
      operationId: 'checkTemplate',
      summary: 'The problems of a message (syntax, unknown variables with their line and column, lengths) and, for SMS, its estimated cost',
      tags: ['templates'],
      access: { kind: 'permission', permission: 'campaigns:read' },
      request: { body: templateCheckRequestSchema },
      responses: { 200: { description: '`ok` unless a problem is an error', schema: templateCheckSchema }, 400: { description: malformed } },
      handler: async ({ body }) => ({ status: 200, body: await templates.check(body.content) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/templates/preview',
      operationId: 'previewTemplate',
      summary: 'A message as one customer would get it (the one given, else the most recently added), with its problems',
      description:
        "Renders with the engine campaigns send with. Needs customers:read, since it shows a customer's data. " +
        'Without customers, a made-up example customer stands in (`customer.sample`).',
      tags: ['templates'],
      // The rendered message is customer data: previewing must not open a way around customers:read.
      access: { kind: 'permission', permission: 'customers:read' },
      rateLimit: 'preview',
      request: { body: templatePreviewRequestSchema },
      responses: {
        200: { description: 'The rendered message and the problems of the template', schema: templatePreviewSchema },
        400: { description: malformed },
        404: { description: 'No such customer' },
      },
      handler: async ({ body }) => ({ status: 200, body: await templates.preview(body.content, body.customerId) }),
    }),
  ];
}
