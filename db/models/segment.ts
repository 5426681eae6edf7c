import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** A saved audience: a named rule tree and the size it had when last counted. */
export interface SegmentDocument {
  _id: Types.ObjectId;
  name: string;
  /** The name trimmed and lower-cased: unique, so two segments never differ only by case. */
  nameKey: string;
  description: string;
  /**
   * The rule tree as the marketer sent it, stored once it checked. It is checked again against the
   * field registry of the day at every use, since a custom attribute it names may have vanished.
   */
  rule: unknown;
  lastCount: number | null;
  lastCountedAt: Date | null;
  /** Actor labels (an e-mail or an API key's name), as the audit log names them. */
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const segmentSchema = new Schema<SegmentDocument>(
  {
    name: { type: String, required: true },
    nameKey: { type: String, required: true, unique: true },
    description: { type: String, default: '' },
    rule: { type: Schema.Types.Mixed, required: true },
    lastCount: { type: Number, default: null },
    lastCountedAt: { type: Date, default: null },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
  },
  // minimize off: the rule is kept exactly as sent, empty parts included.
  { collection: 'segments', timestamps: true, strict: 'throw', minimize: false },
);

/** The Segment model bound to a connection. */
export function segmentModel(connection: Connection): Model<SegmentDocument> {
  return (connection.models.Segment as Model<SegmentDocument> | undefined) ?? connection.model<SegmentDocument>('Segment', segmentSchema);
}
