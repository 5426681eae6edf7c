import { z } from 'zod';
import { deliveryReceiptsBodySchema, type DeliveryReceipt } from '../../domain/receipts.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';

/** Queues receipts for the receipts consumer; resolves once they are durably on the stream. */
export type EnqueueReceipts = (receipts: DeliveryReceipt[]) => Promise<void>;

/** The vendor's delivery-receipt callback. */
export function receiptRoutes(enqueue: EnqueueReceipts): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/delivery-receipts',
      operationId: 'postDeliveryReceipts',
      summary: 'Delivery receipts from the messaging vendor (HMAC-signed)',
      description:
        'Sign with HMAC-SHA256 over `<X-Drumbeat-Timestamp>.<raw body>` using RECEIPTS_SIGNING_SECRET and send ' +
        '`X-Drumbeat-Signature: v1=<hex>`. Signatures older than 5 minutes, tampered bodies, wrong secrets and replays get 401.',
      tags: ['delivery'],
      access: { kind: 'vendorSignature' },
      request: { body: deliveryReceiptsBodySchema },
      responses: {
        202: { description: 'Queued for the receipts consumer', schema: z.object({ accepted: z.number().int() }) },
        401: { description: 'Signature missing, wrong, stale or replayed' },
      },
      handler: async ({ body }) => {
        const receipts = 'receipts' in body ? body.receipts : [body];
        await enqueue(receipts);
        return { status: 202, body: { accepted: receipts.length } };
      },
    }),
  ];
}
