import { Types, type Model } from 'mongoose';
import type { AuditActor } from '../../domain/auth/schemas.js';
import type { SegmentDocument } from '../../db/models/segment.js';
import { segmentsListed, type CreateSegment, type SegmentView, type UpdateSegment } from '../../domain/segment-api.js';
import { conflict, notFound } from '../../http/errors/catalogue.js';
import { isDuplicateKeyError } from '../../http/errors/middleware.js';
import type { HttpProblem } from '../../http/errors/problem.js';
import type { AuditLog, AuditOrigin } from '../audit/audit-log.js';
import type { SegmentAudience } from './segment-audience.js';
import { toSegmentView } from './segment-view.js';

/** The uniqueness key of a name: two segments may not differ only by case or surrounding spaces. */
export function segmentNameKey(name: string): string {
  return name.trim().toLowerCase();
}

function duplicateName(name: string): HttpProblem {
  return conflict(`A segment named "${name}" already exists (names are compared ignoring case).`);
}

function sameRule(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Saved segments: a rule checked before it is stored, its audience counted on save, on a rule change and on request. */
export function createSegmentService(deps: { segments: Model<SegmentDocument>; audience: SegmentAudience; audit: AuditLog; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());

  async function find(id: string): Promise<SegmentDocument> {
    const segment = /^[0-9a-fA-F]{24}$/.test(id) ? await deps.segments.findById(new Types.ObjectId(id.toLowerCase())).lean<SegmentDocument>() : null;
    if (!segment) throw notFound('No such segment.');
    return segment;
  }

  async function guardDuplicateName<T>(name: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isDuplicateKeyError(error)) throw duplicateName(name);
      throw error;
    }
  }

  return {
    /** The newest segments first, at most `segmentsListed`. */
    async list(): Promise<SegmentView[]> {
      const segments = await deps.segments.find().sort({ _id: -1 }).limit(segmentsListed).lean<SegmentDocument[]>();
      return segments.map(toSegmentView);
    },

    /** One segment; 404 for an unknown or malformed id. */
    async get(id: string): Promise<SegmentView> {
      return toSegmentView(await find(id));
    },

    /** Checks the rule (400 naming each problem), counts its audience, and saves; 409 on a taken name. */
    async create(input: CreateSegment, actor: AuditActor, origin: AuditOrigin): Promise<SegmentView> {
      const count = await deps.audience.count(input.rule, 'request');
      const created = await guardDuplicateName(input.name, () =>
        deps.segments.create({
          name: input.name,
          nameKey: segmentNameKey(input.name),
          description: input.description,
          rule: input.rule,
          lastCount: count,
          lastCountedAt: now(),
          createdBy: actor.label,
          updatedBy: actor.label,
        }),
      );
      const segment = toSegmentView(created.toObject());
      await deps.audit.record({
        action: 'segment.saved',
        actor,
        origin,
        target: { type: 'segment', id: segment.id, label: segment.name },
        details: { change: 'created', count },
      });
      return segment;
    },

    /** Changes name, description or rule; a changed rule is checked (400) and recounted. */
    async update(id: string, patch: UpdateSegment, actor: AuditActor, origin: AuditOrigin): Promise<SegmentView> {
      const existing = await find(id);
      // FerretDB 1.24 reports a unique-index violation by an update as an internal error, not as 11000
      // (inserts are reported right): a taken name is looked up first, and the 11000 check stays for
      // MongoDB and for two renames racing.
      if (patch.name !== undefined && (await deps.segments.exists({ nameKey: segmentNameKey(patch.name), _id: { $ne: existing._id } }))) {
        throw duplicateName(patch.name);
      }
      const ruleChanged = patch.rule !== undefined && !sameRule(patch.rule, existing.rule);
      const count = ruleChanged ? await deps.audience.count(patch.rule, 'request') : undefined;
      const changes = {
        ...(patch.name !== undefined ? { name: patch.name, nameKey: segmentNameKey(patch.name) } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(ruleChanged ? { rule: patch.rule, lastCount: count, lastCountedAt: now() } : {}),
        updatedBy: actor.label,
      };
      const updated = await guardDuplicateName(patch.name ?? existing.name, () =>
        deps.segments.findOneAndUpdate({ _id: existing._id }, { $set: changes }, { returnDocument: 'after' }).lean<SegmentDocument>(),
      );
      if (!updated) throw notFound('No such segment.');
      await deps.audit.record({
        action: 'segment.saved',
        actor,
        origin,
        target: { type: 'segment', id: existing._id.toHexString(), label: updated.name },
        details: {
          change: 'updated',
          fields: Object.keys(patch).filter((key) => key !== 'rule' || ruleChanged),
          ...(existing.name !== updated.name ? { previousName: existing.name } : {}),
          ...(count !== undefined ? { count } : {}),
        },
      });
      return toSegmentView(updated);
    },

    /** Deletes a segment; 404 when there is none. */
    async remove(id: string, actor: AuditActor, origin: AuditOrigin): Promise<void> {
      const existing = await find(id);
      const deleted = await deps.segments.deleteOne({ _id: existing._id });
      if (deleted.deletedCount === 0) throw notFound('No such segment.');
      await deps.audit.record({ action: 'segment.deleted', actor, origin, target: { type: 'segment', id: existing._id.toHexString(), label: existing.name } });
    },

    /** Counts a saved segment's audience now and stores the count; 409 if its rule no longer checks. */
    async recount(id: string): Promise<SegmentView> {
      const existing = await find(id);
      const count = await deps.audience.count(existing.rule, 'saved');
      const updated = await deps.segments
        .findOneAndUpdate({ _id: existing._id }, { $set: { lastCount: count, lastCountedAt: now() } }, { returnDocument: 'after' })
        .lean<SegmentDocument>();
      if (!updated) throw notFound('No such segment.');
      return toSegmentView(updated);
    },

    /** The compiled filter of a saved segment's audience, for lists; 404 if unknown, 409 if its rule no longer checks. */
    async audienceFilter(id: string): Promise<Record<string, unknown>> {
      return deps.audience.filterOf((await find(id)).rule, 'saved');
    },
  };
}

/** Saved segments. */
export type SegmentService = ReturnType<typeof createSegmentService>;
