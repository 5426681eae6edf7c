import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** Scalar custom attributes an integrator sends (`tier`, `channel`, …). */
export type CustomerAttributes = Record<string, string | number | boolean | null>;

/**
 * A customer. (FerretDB 1.24 drops null and [] values from `$setOnInsert`, so a stored customer may
 * lack a field that is null or empty here; read with that in mind, as MongoDB queries already do.)
 * Profile fields come from integrators; the order aggregates are derived from the
 * customer's ledger (customer_ledgers) by the aggregator (see streams/ingest/customer-aggregates.ts), never
 * incremented, so replays cannot count an order twice.
 */
export interface CustomerDocument {
  /** Derived from `key` (see domain/ingest/identity.ts), so an order may name a customer before it arrives. */
  _id: Types.ObjectId;
  /** The identity: `ext:<externalId>`, else `email:<email>`. */
  key: string;
  externalId: string | null;
  email: string | null;
  name: string | null;
  phone: string | null;
  city: string | null;
  tags: string[];
  attributes: CustomerAttributes;
  visits: number;
  signedUpAt: Date | null;
  /** Lifetime spend the integrator reported with the customer (before the orders Drumbeat received). */
  reportedSpend: number;
  /** Last activity the integrator reported. */
  reportedLastActive: Date | null;
  /** Spend over the orders Drumbeat received (cancelled and refunded orders excluded). */
  orderSpend: number;
  orderCount: number;
  /** reportedSpend + orderSpend: what audiences filter on. */
  totalSpend: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  /** The later of reportedLastActive and lastOrderAt. */
  lastActive: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const customerSchema = new Schema<CustomerDocument>(
  {
    key: { type: String, required: true, unique: true },
    externalId: { type: String, default: null },
    email: { type: String, default: null },
    name: { type: String, default: null },
    phone: { type: String, default: null },
    city: { type: String, default: null },
    tags: { type: [String], default: [] },
    attributes: { type: Schema.Types.Mixed, default: {} },
    visits: { type: Number, default: 0 },
    signedUpAt: { type: Date, default: null },
    reportedSpend: { type: Number, default: 0 },
    reportedLastActive: { type: Date, default: null },
    orderSpend: { type: Number, default: 0 },
    orderCount: { type: Number, default: 0 },
    totalSpend: { type: Number, default: 0 },
    firstOrderAt: { type: Date, default: null },
    lastOrderAt: { type: Date, default: null },
    lastActive: { type: Date, default: null },
  },
  { collection: 'customers', timestamps: true, strict: 'throw', minimize: false },
);
// Orders find their customer by external id or e-mail; the lists page by creation, spend or activity (keyset on _id).
customerSchema.index({ externalId: 1 });
customerSchema.index({ email: 1 });
customerSchema.index({ createdAt: -1, _id: -1 });
customerSchema.index({ totalSpend: -1, _id: -1 });
customerSchema.index({ lastActive: -1, _id: -1 });
customerSchema.index({ tags: 1 });
// City is the profile field audiences and the list filter name most. Their matches are case-insensitive
// patterns, which MongoDB answers by reading this index's keys rather than every document; existence
// tests seek it.
customerSchema.index({ city: 1 });

/** The Customer model bound to a connection. */
export function customerModel(connection: Connection): Model<CustomerDocument> {
  return (connection.models.Customer as Model<CustomerDocument> | undefined) ?? connection.model<CustomerDocument>('Customer', customerSchema);
}
