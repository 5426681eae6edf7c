import { z } from 'zod';
import { cappedString, email, externalIdentifier, flexibleDate, moneyAmount, wholeCount } from './fields.js';
import { ingestRecordSchema, withoutNullFields, withoutUndefinedFields } from './record-guard.js';

// An order as an integrator sends it, normalised. Unknown keys (top level and in items) are dropped
// silently, like a customer's; `id` is not read as `orderId` for the same reason a customer's `id` is not
// read as `externalId` (it may be Drumbeat's own id echoed back).
//
// `status` has no default here: a re-sent order without a status must not move a "paid" order back to
// "placed", so the consumer applies "placed" only when it creates the order.

/** The lifecycle states of an order. */
export const orderStatuses = ['placed', 'paid', 'fulfilled', 'cancelled', 'refunded'] as const;
/** One of `orderStatuses`. */
export type OrderStatus = (typeof orderStatuses)[number];

/** Most line items one order may carry. */
export const maxOrderItems = 500;

/** One line of an order; `price` is per unit. */
export type OrderItem = { sku?: string; name?: string; category?: string; quantity: number; price: number };

/** An order, normalised; names its customer by at least one of customerId, customerExternalId, customerEmail. */
export type OrderInput = {
  orderId?: string;
  customerId?: string;
  customerExternalId?: string;
  customerEmail?: string;
  amount: number;
  currency?: string;
  status?: OrderStatus;
  orderedAt?: Date;
  items?: OrderItem[];
};

const orderItem = z.preprocess(
  withoutNullFields,
  z
    .object({
      sku: cappedString(128).optional(),
      name: cappedString(200).optional(),
      category: cappedString(100).optional(),
      quantity: wholeCount(1).default(1),
      price: moneyAmount,
    })
    .transform((item): OrderItem => withoutUndefinedFields(item)),
);

const missingAmount = 'send amount (or total / totalAmount)';

const orderFields = z
  .object({
    orderId: externalIdentifier.optional(),
    externalId: externalIdentifier.optional().meta({ description: 'Alias of orderId.' }),
    customerId: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[0-9a-f]{24}$/, 'expected a Drumbeat customer id: 24 hexadecimal characters')
      .optional(),
    customerExternalId: externalIdentifier.optional(),
    customerEmail: email.optional(),
    amount: moneyAmount.optional(),
    total: moneyAmount.optional().meta({ description: 'Alias of amount.' }),
    totalAmount: moneyAmount.optional().meta({ description: 'Alias of amount.' }),
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{3}$/, 'expected a 3-letter currency code such as INR')
      .optional(),
    status: z
      .preprocess(
        (status) => (typeof status === 'string' ? status.trim().toLowerCase() : status),
        z.enum(orderStatuses, { error: `expected one of ${orderStatuses.join(', ')}` }),
      )
      .optional(),
    orderedAt: flexibleDate.optional(),
    date: flexibleDate.optional().meta({ description: 'Alias of orderedAt.' }),
    orderDate: flexibleDate.optional().meta({ description: 'Alias of orderedAt.' }),
    createdAt: flexibleDate.optional().meta({ description: 'Alias of orderedAt.' }),
    items: z.array(orderItem).max(maxOrderItems, `at most ${maxOrderItems} items`).optional(),
  })
  .transform(({ externalId, total, totalAmount, date, orderDate, createdAt, ...named }, ctx): OrderInput => {
    const amount = named.amount ?? total ?? totalAmount;
    // Already reported by the record rules below; checked again so the type needs no cast.
    if (amount === undefined) {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: missingAmount });
      return z.NEVER;
    }
    return withoutUndefinedFields({
      ...named,
      orderId: named.orderId ?? externalId,
      amount,
      orderedAt: named.orderedAt ?? date ?? orderDate ?? createdAt,
    });
  });

/** An order record as integrators send it → `OrderInput`; refuses `$`/`.` keys anywhere and an order naming no customer. */
export const orderInputSchema = ingestRecordSchema(orderFields, {
  // `createdAt` comes last: in many systems it is when the record was written, not when the order was placed.
  aliases: { orderId: ['externalId'], amount: ['total', 'totalAmount'], orderedAt: ['date', 'orderDate', 'createdAt'] },
  requireOneOf: [
    {
      anyOf: ['customerId', 'customerExternalId', 'customerEmail'],
      path: 'customerId',
      message: 'send customerId, customerExternalId or customerEmail',
    },
    { anyOf: ['amount', 'total', 'totalAmount'], path: 'amount', message: missingAmount },
  ],
});
