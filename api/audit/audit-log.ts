import type { Context } from 'koa';
import { Types, type Model } from 'mongoose';
import type { AuditAction, AuditActor, AuditEvent, AuditQuery } from '../../domain/auth/schemas.js';
import type { AuditEventDocument } from '../../db/models/audit-event.js';

/** Where a request came from, for the log: its address, client and request id. */
export interface AuditOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** One thing that happened, as a caller describes it. */
export interface AuditEntry {
  action: AuditAction;
  actor: AuditActor;
  target?: { type: string; id: string | null; label?: string | null };
  origin?: AuditOrigin;
  details?: Record<string, unknown>;
}

/** The origin of an HTTP request (ctx.ip honours X-Forwarded-For only behind our own proxy). */
export function originOf(ctx: Context): AuditOrigin {
  return { ip: ctx.ip || null, userAgent: ctx.get('User-Agent').slice(0, 256) || null, requestId: ctx.state.requestId };
}

/** The origin of a command run on this machine (the CLI). */
export const localOrigin: AuditOrigin = { ip: null, userAgent: 'drumbeat-cli', requestId: null };

/** Appends to and reads the audit log. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  list(query: AuditQuery): Promise<{ events: AuditEvent[]; nextBefore: string | null }>;
}

/** The audit log over its collection. */
export function createAuditLog(events: Model<AuditEventDocument>, now: () => Date = () => new Date()): AuditLog {
  return {
    async record(entry) {
      await events.create({
        at: now(),
        action: entry.action,
        actor: entry.actor,
        target: entry.target ? { type: entry.target.type, id: entry.target.id, label: entry.target.label ?? null } : null,
        ip: entry.origin?.ip ?? null,
        userAgent: entry.origin?.userAgent ?? null,
        requestId: entry.origin?.requestId ?? null,
        details: entry.details ?? {},
      });
    },

    async list(query) {
      const filter: Record<string, unknown> = {};
      if (query.action) filter.action = query.action;
      if (query.actorId) filter['actor.id'] = query.actorId;
      if (query.targetId) filter['target.id'] = query.targetId;
      if (query.from || query.to) {
        filter.at = { ...(query.from ? { $gte: new Date(query.from) } : {}), ...(query.to ? { $lt: new Date(query.to) } : {}) };
      }
      if (query.before) filter._id = { $lt: new Types.ObjectId(query.before) };
      // One extra row tells whether another page exists without a count query.
      const rows = await events.find(filter).sort({ _id: -1 }).limit(query.limit + 1).lean();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        events: page.map(toAuditEvent),
        nextBefore: rows.length > query.limit && last ? last._id.toHexString() : null,
      };
    },
  };
}

function toAuditEvent(row: AuditEventDocument): AuditEvent {
  return {
    id: row._id.toHexString(),
    at: row.at.toISOString(),
    action: row.action,
    actor: { type: row.actor.type, id: row.actor.id ?? null, label: row.actor.label },
    target: row.target ? { type: row.target.type, id: row.target.id ?? null, label: row.target.label ?? null } : null,
    ip: row.ip,
    userAgent: row.userAgent,
    requestId: row.requestId,
    details: row.details,
  };
}
