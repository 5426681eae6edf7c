import { Schema, type Connection, type Model } from 'mongoose';
import type { DeliveryCounters } from '../../domain/delivery/delivery-counters.js';
import type { CommunicationLogDocument } from './communication-log.js';

/** A message write recorded in a journal round: a new message, or new values for some of its fields. */
export type JournalWrite = { insert: CommunicationLogDocument } | { id: string; set: Partial<CommunicationLogDocument> };

/** One round of message writes whose counter changes are already applied (see delivery/apply-message-changes.ts). */
export interface JournalRound {
  at: Date;
  writes: JournalWrite[];
}

/**
 * One counter shard of one campaign (`_id` = `<campaignId>:<shard>`): totals and per-node counters of
 * the messages hashed to this shard, plus the journal of rounds whose message writes may not all be
 * stored yet. Counter changes and a round's journal entry are written in one single-document update,
 * which is atomic on every MongoDB-wire server, so a crash can never separate them.
 */
export interface DeliveryCountersDocument {
  _id: string;
  campaignId: string;
  shard: number;
  totals: DeliveryCounters;
  nodes: Record<string, DeliveryCounters>;
  journal: Record<string, JournalRound>;
  updatedAt: Date;
}

const deliveryCountersSchema = new Schema<DeliveryCountersDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    shard: { type: Number, required: true },
    totals: { type: Schema.Types.Mixed, default: {} },
    nodes: { type: Schema.Types.Mixed, default: {} },
    journal: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'delivery_counters', strict: 'throw', minimize: false, versionKey: false },
);

/** The DeliveryCounters model bound to a connection. */
export function deliveryCountersModel(connection: Connection): Model<DeliveryCountersDocument> {
  return (
    (connection.models.DeliveryCounters as Model<DeliveryCountersDocument> | undefined) ??
    connection.model<DeliveryCountersDocument>('DeliveryCounters', deliveryCountersSchema)
  );
}
