import { z } from 'zod';
import {
  customerDetailSchema,
  customerListQuerySchema,
  customerPageSchema,
  orderListQuerySchema,
  orderPageSchema,
} from '../../domain/customers.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { CustomerQueries } from './customer-queries.js';

const customerParams = z.object({ id: z.string().describe('Customer id: 24 hexadecimal characters') });

/** Reading customers and orders: for every role and for API keys with the `read` scope. */
export function customerRoutes(queries: CustomerQueries): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/customers',
      operationId: 'listCustomers',
      summary: 'Customers: searchable, filterable, newest, biggest spenders or most recently active first; paged by cursor',
      description:
        'Keyset paging: pass `nextCursor` as `cursor` with the same `sort` for the next page; it is null on the last page. ' +
        'Filters may change between pages, but a cursor is only valid with the sort it came from. Unknown parameters are refused.',
      tags: ['customers'],
      access: { kind: 'permission', permission: 'customers:read' },
      request: { query: customerListQuerySchema },
      responses: { 200: { description: 'A page of customers', schema: customerPageSchema } },
      handler: async ({ query }) => ({ status: 200, body: await queries.listCustomers(query) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/customers/:id',
      operationId: 'getCustomer',
      summary: 'One customer with their latest 50 orders, newest first',
      tags: ['customers'],
      access: { kind: 'permission', permission: 'customers:read' },
      request: { params: customerParams },
      responses: {
        200: { description: 'The customer', schema: customerDetailSchema },
        404: { description: 'No such customer' },
      },
      handler: async ({ params }) => ({ status: 200, body: await queries.getCustomer(params.id) }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/orders',
      operationId: 'listOrders',
      summary: "Orders, newest first; filterable by customer, status and time; paged by cursor",
      description: 'Pass `nextCursor` as `cursor` for the next page; it is null on the last page. Unknown parameters are refused.',
      tags: ['customers'],
      access: { kind: 'permission', permission: 'customers:read' },
      request: { query: orderListQuerySchema },
      responses: { 200: { description: 'A page of orders', schema: orderPageSchema } },
      handler: async ({ query }) => ({ status: 200, body: await queries.listOrders(query) }),
    }),
  ];
}
