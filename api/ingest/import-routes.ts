import type { Context } from 'koa';
import { z } from 'zod';
import { customerInputSchema } from '../../domain/ingest/customer-input.js';
import { orderInputSchema } from '../../domain/ingest/order-input.js';
import { ingestionAcceptedSchema } from '../../domain/ingest-status.js';
import { HttpProblem } from '../../http/errors/problem.js';
import { malformedBody, validationFailed } from '../../http/errors/catalogue.js';
import { currentPrincipal } from '../auth/current-principal.js';
import { actorOf } from '../auth/principal.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { ImportOutcome, ImportService } from './import-service.js';
import { orderKeyOf, type IngestionService } from './ingestion-service.js';
import { formatOfContentType, ImportFormatError, type ImportFormat } from './record-reader.js';

const importAnswerSchema = ingestionAcceptedSchema.extend({
  /** All rejected rows; `rejected` lists the first 1,000. */
  rejectedTotal: z.number().int(),
});

const importDescription =
  'Send the file as the request body with `Content-Type: text/csv` (a header row; `attributes.city`-style ' +
  'columns nest) or `application/x-ndjson` (one JSON object per line). It is read as it arrives, validated like ' +
  'the JSON route, and queued in chunks; watch `GET /api/ingestions/{ingestionId}` for progress. Rejected rows ' +
  'are reported by line number.';

function formatOf(ctx: Context): ImportFormat {
  const format = formatOfContentType(ctx.get('Content-Type') || undefined);
  if (!format) {
    throw new HttpProblem(415, 'unsupported_media_type', 'Unsupported media type', 'Send text/csv or application/x-ndjson.');
  }
  return format;
}

async function answerOf(run: () => Promise<ImportOutcome>): Promise<{ status: number; body: unknown }> {
  try {
    const outcome = await run();
    if (outcome.accepted === 0 && outcome.rejectedTotal > 0) {
      throw validationFailed(
        outcome.rejected.flatMap(({ index, errors }) => errors.map((error) => ({ path: `line ${index}${error.path ? `: ${error.path}` : ''}`, message: error.message }))),
        'No row of the file is valid.',
      );
    }
    return { status: 202, body: { ingestionId: outcome.ingestionId, accepted: outcome.accepted, rejected: outcome.rejected, rejectedTotal: outcome.rejectedTotal } };
  } catch (error) {
    if (error instanceof ImportFormatError) throw malformedBody(error.message);
    throw error;
  }
}

/** Streaming CSV / NDJSON imports of customers and orders. */
export function importRoutes(imports: ImportService, ingestions: IngestionService): RouteDefinition[] {
  const responses = {
    202: { description: 'Read to the end and queued', schema: importAnswerSchema },
    415: { description: 'Not CSV or NDJSON' },
    503: { description: 'The ingestion queue is full; retry after Retry-After' },
  };
  return [
    defineRoute({
      method: 'post',
      path: '/api/customers/import',
      operationId: 'importCustomers',
      summary: 'Import customers from CSV or NDJSON of any size (streamed)',
      description: importDescription,
      tags: ['ingestion'],
      access: { kind: 'permission', permission: 'customers:ingest' },
      rateLimit: 'ingest',
      responses,
      handler: async (_input, ctx) => {
        const format = formatOf(ctx);
        await ingestions.assertRoomFor('customers');
        return answerOf(() =>
          imports.importFile({ kind: 'customers', format, body: ctx.req, schema: customerInputSchema, sentBy: actorOf(currentPrincipal(ctx)).label }),
        );
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/orders/import',
      operationId: 'importOrders',
      summary: 'Import orders from CSV or NDJSON of any size (streamed)',
      description: `${importDescription} Orders without \`orderId\` are identified by the \`Idempotency-Key\` header and their line.`,
      tags: ['ingestion'],
      access: { kind: 'permission', permission: 'customers:ingest' },
      rateLimit: 'ingest',
      responses,
      handler: async (_input, ctx) => {
        const format = formatOf(ctx);
        await ingestions.assertRoomFor('orders');
        const idempotencyKey = ctx.get('Idempotency-Key') || undefined;
        return answerOf(() =>
          imports.importFile({
            kind: 'orders',
            format,
            body: ctx.req,
            schema: orderInputSchema,
            sentBy: actorOf(currentPrincipal(ctx)).label,
            keyOf: (value, line, ingestionId) => orderKeyOf(value.orderId, idempotencyKey, ingestionId, line),
          }),
        );
      },
    }),
  ];
}
