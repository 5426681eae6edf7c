import type { SegmentDocument } from '../../db/models/segment.js';
import type { SegmentView } from '../../domain/segment-api.js';

/** A saved segment as the API shows it. */
export function toSegmentView(segment: SegmentDocument): SegmentView {
  return {
    id: segment._id.toHexString(),
    name: segment.name,
    description: segment.description,
    rule: segment.rule,
    lastCount: segment.lastCount ?? null,
    lastCountedAt: segment.lastCountedAt?.toISOString() ?? null,
    createdBy: segment.createdBy,
    updatedBy: segment.updatedBy,
    createdAt: segment.createdAt.toISOString(),
    updatedAt: segment.updatedAt.toISOString(),
  };
}
