import { randomUUID } from 'node:crypto';
import type { Context } from 'koa';
import { z } from 'zod';
import { recordsOfBody, validateRecords } from '../../domain/ingest/batch.js';
import { customerIdentityKey, customerInputSchema } from '../../domain/ingest/customer-input.js';
import { customerIdOf } from '../../db/derived-ids.js';
import { orderInputSchema } from '../../domain/ingest/order-input.js';
import { ingestionAcceptedSchema, ingestionStatusSchema } from '../../domain/ingest-status.js';
import { HttpProblem } from '../../http/errors/problem.js';
import { notFound, payloadTooLarge, validationFailed } from '../../http/errors/catalogue.js';
import { currentPrincipal } from '../auth/current-principal.js';
import { actorOf } from '../auth/principal.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { orderKeyOf, type IngestionService } from './ingestion-service.js';

const batchDescription =
  'One record, an array of records, or `{ "%s": [...] }`, up to 10,000 records. Valid records are accepted ' +
  'and queued; invalid ones are listed in `rejected` with every field error. If no record is valid the answer is 400.';

function bodyOf<Kind extends 'customers' | 'orders'>(kind: Kind, ctx: Context): unknown[] {
  const outcome = recordsOfBody(ctx.request.body, kind);
  if (outcome.ok) return outcome.records;
  if (outcome.status === 413) throw payloadTooLarge(outcome.message);
  throw new HttpProblem(400, 'malformed_body', 'Malformed request body', outcome.message);
}

/** Answers 400 naming every field when nothing at all could be accepted. */
function assertSomethingAccepted(kind: string, accepted: number, rejected: Array<{ index: number; errors: Array<{ path: string; message: string }> }>): void {
  if (accepted > 0 || rejected.length === 0) return;
  throw validationFailed(
    rejected.flatMap(({ index, errors }) => errors.map((error) => ({ path: `${kind}.${index}.${error.path}`, message: error.message }))),
    `No ${kind === 'customers' ? 'customer' : 'order'} in the request is valid.`,
  );
}

/** Ingestion of customers and orders as JSON, and the status of any ingestion. */
export function ingestRoutes(ingestions: IngestionService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/customers',
      operationId: 'ingestCustomers',
      summary: 'Ingest customers (validated now, persisted by the consumers)',
      description: batchDescription.replace('%s', 'customers'),
      tags: ['ingestion'],
      access: { kind: 'permission', permission: 'customers:ingest' },
      rateLimit: 'ingest',
      request: { body: z.unknown().meta({ description: 'customer record(s)' }) },
      responses: {
        202: { description: 'Accepted for persistence', schema: ingestionAcceptedSchema },
        413: { description: 'More than 10,000 records, or a body over the size limit' },
        503: { description: 'The ingestion queue is full; retry after Retry-After' },
      },
      handler: async (_input, ctx) => {
        const records = bodyOf('customers', ctx);
        const { valid, rejected } = validateRecords(records, customerInputSchema);
        assertSomethingAccepted('customers', valid.length, rejected);
        const ingestionId = await ingestions.ingestBatch({
          kind: 'customers',
          sentBy: actorOf(currentPrincipal(ctx)).label,
          received: records.length,
          accepted: valid.map(({ index, value }) => ({ index, value })),
          rejected,
        });
        const customerIds = valid.map(({ index, value }) => ({ index, id: customerIdOf(customerIdentityKey(value)).toHexString() }));
        return { status: 202, body: { ingestionId, accepted: valid.length, rejected, customerIds } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/orders',
      operationId: 'ingestOrders',
      summary: 'Ingest orders (validated now, persisted by the consumers)',
      description:
        `${batchDescription.replace('%s', 'orders')} An order is identified by \`orderId\` (or \`externalId\`); ` +
        'one without is identified by the `Idempotency-Key` header plus its index in the request, so a retried ' +
        'request with the same key and order is not counted twice. Without either, every request is new.',
      tags: ['ingestion'],
      access: { kind: 'permission', permission: 'customers:ingest' },
      rateLimit: 'ingest',
      request: { body: z.unknown().meta({ description: 'order record(s)' }) },
      responses: {
        202: { description: 'Accepted for persistence', schema: ingestionAcceptedSchema },
        413: { description: 'More than 10,000 records, or a body over the size limit' },
        503: { description: 'The ingestion queue is full; retry after Retry-After' },
      },
      handler: async (_input, ctx) => {
        const records = bodyOf('orders', ctx);
        const { valid, rejected } = validateRecords(records, orderInputSchema);
        assertSomethingAccepted('orders', valid.length, rejected);
        const ingestionId = randomUUID();
        const idempotencyKey = ctx.get('Idempotency-Key') || undefined;
        await ingestions.ingestBatch({
          kind: 'orders',
          ingestionId,
          sentBy: actorOf(currentPrincipal(ctx)).label,
          received: records.length,
          accepted: valid.map(({ index, value }) => ({ index, key: orderKeyOf(value.orderId, idempotencyKey, ingestionId, index), value })),
          rejected,
        });
        return { status: 202, body: { ingestionId, accepted: valid.length, rejected } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/ingestions/:id',
      operationId: 'getIngestion',
      summary: 'How far an ingestion got: accepted, persisted, rejected, dead-lettered, done',
      tags: ['ingestion'],
      access: { kind: 'permission', permission: 'customers:ingest' },
      request: { params: z.object({ id: z.string().max(64) }) },
      responses: { 200: { description: 'Ingestion status', schema: ingestionStatusSchema }, 404: { description: 'No such ingestion' } },
      handler: async ({ params }) => {
        const status = await ingestions.status(params.id);
        if (!status) throw notFound('No such ingestion.');
        return { status: 200, body: status };
      },
    }),
  ];
}
