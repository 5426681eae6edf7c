import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** Order statuses; cancelled and refunded orders do not count towards spend. */
export const orderStatuses = ['placed', 'paid', 'fulfilled', 'cancelled', 'refunded'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** One line of an order. */
export interface OrderItem {
  sku: string | null;
  name: string | null;
  category: string | null;
  quantity: number;
  price: number;
}

/**
 * An order. It names its customer by our id or the integrator's id (`customerId` is then derived at
 * once, and the customer may be stored later) or by e-mail (while no customer has that e-mail, the
 * order waits with `pendingCustomerRef` set). It is never dropped.
 */
export interface OrderDocument {
  _id: Types.ObjectId;
  /** The identity: `order:<orderId>`, else `request:<Idempotency-Key>:<index>` (see domain/ingest/identity.ts). */
  key: string;
  orderId: string | null;
  customerId: Types.ObjectId | null;
  /** How the integrator named the customer: `id:…`, `ext:…` or `email:…`. */
  customerRef: string | null;
  /** The e-mail reference (`email:…`) of an order whose customer is not known yet. */
  pendingCustomerRef: string | null;
  amount: number;
  currency: string | null;
  status: OrderStatus;
  orderedAt: Date;
  items: OrderItem[];
  ingestionId: string;
  createdAt: Date;
  updatedAt: Date;
}

const orderSchema = new Schema<OrderDocument>(
  {
    key: { type: String, required: true, unique: true },
    orderId: { type: String, default: null },
    customerId: { type: Schema.Types.ObjectId, default: null },
    customerRef: { type: String, default: null },
    pendingCustomerRef: { type: String, default: null },
    amount: { type: Number, required: true },
    currency: { type: String, default: null },
    status: { type: String, enum: orderStatuses, required: true },
    orderedAt: { type: Date, required: true },
    items: {
      type: [new Schema<OrderItem>({ sku: String, name: String, category: String, quantity: Number, price: Number }, { _id: false })],
      default: [],
    },
    ingestionId: { type: String, required: true },
  },
  { collection: 'orders', timestamps: true, strict: 'throw' },
);
// Aggregates are recomputed per customer; waiting orders are adopted by reference; lists page by time.
orderSchema.index({ customerId: 1, orderedAt: -1, _id: -1 });
orderSchema.index({ pendingCustomerRef: 1 });
orderSchema.index({ orderedAt: -1, _id: -1 });
orderSchema.index({ status: 1, orderedAt: -1, _id: -1 });

/** The Order model bound to a connection. */
export function orderModel(connection: Connection): Model<OrderDocument> {
  return (connection.models.Order as Model<OrderDocument> | undefined) ?? connection.model<OrderDocument>('Order', orderSchema);
}
