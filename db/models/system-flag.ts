import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A one-time fact claimed by exactly one caller: inserting the flag succeeds once and fails with a
 * duplicate key for everyone else, which makes "the first person to sign in becomes admin" race-free
 * without transactions.
 */
export interface SystemFlagDocument {
  _id: string;
  claimedBy: string;
  claimedAt: Date;
}

const systemFlagSchema = new Schema<SystemFlagDocument>(
  {
    _id: { type: String, required: true },
    claimedBy: { type: String, required: true },
    claimedAt: { type: Date, required: true },
  },
  { collection: 'system_flags', strict: 'throw' },
);

/** The SystemFlag model bound to a connection. */
export function systemFlagModel(connection: Connection): Model<SystemFlagDocument> {
  return (connection.models.SystemFlag as Model<SystemFlagDocument> | undefined) ?? connection.model<SystemFlagDocument>('SystemFlag', systemFlagSchema);
}
