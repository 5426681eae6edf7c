import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** What one order contributes to its customer's aggregates. */
export interface LedgerEntry {
  amount: number;
  /** False for cancelled and refunded orders: they count as orders but not as spend. */
  counted: boolean;
  at: Date;
}

/**
 * Every order of a customer, keyed by a hash of the order's identity key, in one document read and
 * written by the customer's id. Setting an entry twice is a no-op, so replays cannot count an order
 * twice; and aggregates are recomputed from this one document instead of a query over all orders
 * (which FerretDB could only answer by scanning the orders collection).
 */
export interface CustomerLedgerDocument {
  /** The customer's id. */
  _id: Types.ObjectId;
  entries: Record<string, LedgerEntry>;
}

const customerLedgerSchema = new Schema<CustomerLedgerDocument>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    entries: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'customer_ledgers', strict: 'throw', minimize: false, versionKey: false },
);

/** The CustomerLedger model bound to a connection. */
export function customerLedgerModel(connection: Connection): Model<CustomerLedgerDocument> {
  return (connection.models.CustomerLedger as Model<CustomerLedgerDocument> | undefined) ?? connection.model<CustomerLedgerDocument>('CustomerLedger', customerLedgerSchema);
}
