import { campaignDeliverySchema, campaignParamsSchema, messageListQuerySchema, messagePageSchema } from '../../domain/delivery/delivery-api.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { MessageQueries } from './message-queries.js';

/** A campaign's communication log and delivery counters. */
export function campaignMessageRoutes(queries: MessageQueries): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id/messages',
      operationId: 'listCampaignMessages',
      summary: "A campaign's messages (its communication log), filterable by status and node; paged by cursor",
      description: 'Pass `nextCursor` as `cursor` for the next page; it is null on the last page. Unknown parameters are refused.',
      tags: ['delivery'],
      // Each entry holds a recipient's address and personalised text: customer data.
      access: { kind: 'permission', permission: 'customers:read' },
      request: { params: campaignParamsSchema, query: messageListQuerySchema },
      responses: { 200: { description: 'A page of messages', schema: messagePageSchema } },
      handler: async ({ params, query }) => ({ status: 200, body: await queries.listMessages(params.id, query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id/delivery',
      operationId: 'getCampaignDelivery',
      summary: "A campaign's delivery counters — audience, pending, in flight, sent, delivered, failed, skipped — in total and per message node",
      tags: ['delivery'],
      access: { kind: 'permission', permission: 'campaigns:read' },
      request: { params: campaignParamsSchema },
      responses: {
        200: { description: 'The counters', schema: campaignDeliverySchema },
        404: { description: 'No message is recorded for this campaign' },
      },
      handler: async ({ params }) => ({ status: 200, body: await queries.campaignDelivery(params.id) }),
    }),
  ];
}
