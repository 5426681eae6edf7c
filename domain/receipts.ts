import { z } from 'zod';

/** Statuses a vendor reports for a message. */
export const receiptStatuses = ['DELIVERED', 'FAILED', 'OPENED', 'CLICKED', 'BOUNCED'] as const;

/** One delivery receipt as the vendor sends it. */
export const deliveryReceiptSchema = z.object({
  messageId: z.string().min(1).max(128),
  status: z.enum(receiptStatuses),
  at: z.iso.datetime({ offset: true }),
  reason: z.string().max(500).optional(),
  vendorMessageId: z.string().max(128).optional(),
});
export type DeliveryReceipt = z.infer<typeof deliveryReceiptSchema>;

/** Most receipts one request may carry. */
export const maxReceiptsPerRequest = 1_000;

/** `POST /api/delivery-receipts`: one receipt, or `{ receipts: [...] }`. */
export const deliveryReceiptsBodySchema = z.union([
  z.object({ receipts: z.array(deliveryReceiptSchema).min(1).max(maxReceiptsPerRequest) }),
  deliveryReceiptSchema,
]);

/** The Redis stream receipts are queued on for the receipts consumer. */
export const receiptsStream = 'receipts';
