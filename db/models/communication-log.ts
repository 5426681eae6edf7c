import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { channels, type Channel } from '../../domain/channels.js';
import { messageStatuses, type MessageStatus } from '../../domain/delivery/message-status.js';

/**
 * One message to one recipient from one message node of a campaign. `_id` is the deterministic
 * message id (delivery/message-id.ts), so MongoDB's always-unique `_id` index is the unique index on
 * the message id, and the only one FerretDB 1.24 serves lookups from. Written only through
 * delivery/apply-message-changes.ts, which keeps the campaign counters in step.
 */
export interface CommunicationLogDocument {
  _id: string;
  campaignId: string;
  nodeId: string;
  customerId: Types.ObjectId;
  channel: Channel;
  /** The address it went to; null when the customer had none (the message is then SKIPPED). */
  to: string | null;
  subject: string | null;
  /** The rendered, personalised text. */
  body: string;
  status: MessageStatus;
  skipReason: string | null;
  failureReason: string | null;
  vendorMessageId: string | null;
  queuedAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  failedAt: Date | null;
  updatedAt: Date;
}

const communicationLogSchema = new Schema<CommunicationLogDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    nodeId: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    channel: { type: String, enum: channels, required: true },
    to: { type: String, default: null },
    subject: { type: String, default: null },
    body: { type: String, required: true },
    status: { type: String, enum: messageStatuses, required: true },
    skipReason: { type: String, default: null },
    failureReason: { type: String, default: null },
    vendorMessageId: { type: String, default: null },
    queuedAt: { type: Date, required: true },
    sentAt: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    failedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'communication_log', strict: 'throw', minimize: false, versionKey: false },
);
// A campaign's messages, paged in id order, all or by status.
communicationLogSchema.index({ campaignId: 1, _id: 1 });
communicationLogSchema.index({ campaignId: 1, status: 1, _id: 1 });

/** The CommunicationLog model bound to a connection. */
export function communicationLogModel(connection: Connection): Model<CommunicationLogDocument> {
  return (
    (connection.models.CommunicationLog as Model<CommunicationLogDocument> | undefined) ??
    connection.model<CommunicationLogDocument>('CommunicationLog', communicationLogSchema)
  );
}
