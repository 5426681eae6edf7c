import { Schema, type Connection, type Model } from 'mongoose';

/** One ingestion request or import: what was accepted at the API and what the consumers made of it. */
export interface IngestionDocument {
  /** Returned to the integrator as `ingestionId`. */
  _id: string;
  kind: 'customers' | 'orders';
  source: 'json' | 'csv' | 'ndjson';
  /** Who sent it (user e-mail or API key label). */
  sentBy: string;
  received: number;
  accepted: number;
  rejected: number;
  /** The first rejections, for an import's status page; a JSON request gets all of them in its answer. */
  rejections: Array<{ index: number; errors: Array<{ path: string; message: string }> }>;
  persisted: number;
  deadLettered: number;
  /** Stream chunks the consumers counted, so a replayed chunk is never counted twice. */
  chunksCounted: number[];
  /** All accepted records are on the stream (imports stream in over time). */
  enqueued: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const ingestionSchema = new Schema<IngestionDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: ['customers', 'orders'], required: true },
    source: { type: String, enum: ['json', 'csv', 'ndjson'], required: true },
    sentBy: { type: String, required: true },
    received: { type: Number, default: 0 },
    accepted: { type: Number, default: 0 },
    rejected: { type: Number, default: 0 },
    rejections: { type: Schema.Types.Mixed, default: [] },
    persisted: { type: Number, default: 0 },
    deadLettered: { type: Number, default: 0 },
    chunksCounted: { type: [Number], default: [] },
    enqueued: { type: Boolean, default: false },
  },
  { collection: 'ingestions', timestamps: true, strict: 'throw' },
);

/** The Ingestion model bound to a connection. */
export function ingestionModel(connection: Connection): Model<IngestionDocument> {
  return (connection.models.Ingestion as Model<IngestionDocument> | undefined) ?? connection.model<IngestionDocument>('Ingestion', ingestionSchema);
}
