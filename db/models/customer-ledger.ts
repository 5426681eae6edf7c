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
 * written by the customer's id (see streams/ingest/customer-aggregates.ts). Setting an entry twice is a no-op, so replays cannot count an order
 * twice; and aggregates are recomputed from this one document instead of a query over all orders
 * (which FerretDB could only answer by scanning the orders collection).
 */
export interface CustomerLedgerDocument {
  /** The customer's id (derived from the identity an order named, so it may precede the customer). */
  _id: Types.ObjectId;
  entries: Record<string, LedgerEntry>;
  /**
   * The spend and last activity the integrator reported with the customer, copied here so the
   * aggregates can be computed from this document alone. Absent until the customer is stored.
   */
  reported?: { spend: number; lastActive: Date | null };
}

const customerLedgerSchema = new Schema<CustomerLedgerDocument>(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    entries: { type: Schema.Types.Mixed, default: {} },
    reported: { type: new Schema({ spend: Number, lastActive: Date }, { _id: false }), default: undefined },
  },
  { collection: 'customer_ledgers', strict: 'throw', minimize: false, versionKey: false },
);

/** The CustomerLedger model bound to a connection. */
export function customerLedgerModel(connection: Connection): Model<CustomerLedgerDocument> {
  return (connection.models.CustomerLedger as Model<CustomerLedgerDocument> | undefined) ?? connection.model<CustomerLedgerDocument>('CustomerLedger', customerLedgerSchema);
}
