import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { auditActions, type AuditAction, type AuditActor } from '../../domain/auth/schemas.js';

/** One entry of the audit log. Written once, never updated. */
export interface AuditEventDocument {
  _id: Types.ObjectId;
  at: Date;
  action: AuditAction;
  actor: AuditActor;
  target: { type: string; id: string | null; label: string | null } | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

const auditEventSchema = new Schema<AuditEventDocument>(
  {
    at: { type: Date, required: true },
    action: { type: String, enum: auditActions, required: true },
    actor: {
      type: { type: String, required: true },
      id: { type: String, default: null },
      label: { type: String, required: true },
    },
    target: {
      type: new Schema({ type: String, id: String, label: String }, { _id: false }),
      default: null,
    },
    ip: { type: String, default: null },
    userAgent: { type: String, default: null },
    requestId: { type: String, default: null },
    details: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'audit_events', strict: 'throw', minimize: false },
);
// The log is read newest first (by _id, which grows with time), filtered by action, actor or target.
auditEventSchema.index({ action: 1, _id: -1 });
auditEventSchema.index({ 'actor.id': 1, _id: -1 });
auditEventSchema.index({ 'target.id': 1, _id: -1 });
auditEventSchema.index({ at: -1 });

/** The AuditEvent model bound to a connection. */
export function auditEventModel(connection: Connection): Model<AuditEventDocument> {
  return (connection.models.AuditEvent as Model<AuditEventDocument> | undefined) ?? connection.model<AuditEventDocument>('AuditEvent', auditEventSchema);
}
