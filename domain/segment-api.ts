import { z } from 'zod';
import { customerSummarySchema } from './customers.js';
import { groupOps, operatorsByType, segmentLimits, type FieldType } from './segments/rule.js';

// What the audience API answers with and accepts: shared by the server (validation, OpenAPI) and the
// web app's segment builder (parsing answers, building requests).

const objectId = z.string().regex(/^[0-9a-f]{24}$/, 'expected an id: 24 hexadecimal characters');
const isoDate = z.iso.datetime({ offset: true });
const fieldTypes = Object.keys(operatorsByType) as [FieldType, ...FieldType[]];

/**
 * A rule tree as requests carry it. Deliberately any JSON at the boundary: checkSegmentRule checks
 * its shape, depth and every leaf against the field registry in one pass that stops at the limits,
 * and names each problem by its path (`rule.rules.0.value`). Parsing it first with the recursive
 * structural schema would overflow the stack on a deeply nested body and would name problems twice.
 * The OpenAPI document shows it as the `SegmentRule` component (the structural schema).
 */
export const segmentRuleInputSchema = z.unknown().meta({
  id: 'SegmentRule',
  description: `Groups ({ op: ${groupOps.join('|')}, rules }) and leaves ({ field, operator, value }); see GET /api/segments/fields`,
});

/** A field the builder offers, with the operators its type allows. */
export const segmentFieldSchema = z.object({
  /** What rules name it by: `spend`, `city`, `attributes.tier`. */
  id: z.string(),
  label: z.string(),
  type: z.enum(fieldTypes),
  operators: z.array(z.string()),
  /** Built in, or a custom attribute (declared in SEGMENT_ATTRIBUTES or discovered in the data). */
  source: z.enum(['builtin', 'attribute']),
  description: z.string().nullable(),
});
export type SegmentFieldView = z.infer<typeof segmentFieldSchema>;

/** `GET /api/segments/fields`: every field a rule may name, and the bounds a rule must keep. */
export const segmentFieldsSchema = z.object({
  fields: z.array(segmentFieldSchema),
  limits: z.object({
    maxDepth: z.number().int(),
    maxNodes: z.number().int(),
    maxListLength: z.number().int(),
    maxStringLength: z.number().int(),
    maxDays: z.number().int(),
  }),
});
export type SegmentFields = z.infer<typeof segmentFieldsSchema>;

/** The limits as the fields answer carries them. */
export const segmentLimitsView: SegmentFields['limits'] = { ...segmentLimits };

/** Customers shown with a preview. */
export const previewSampleSize = 10;

/** `POST /api/segments/preview`. */
export const segmentPreviewRequestSchema = z.object({ rule: segmentRuleInputSchema });

/** The audience a rule describes right now: its size and a few members (in no particular order). */
export const segmentPreviewSchema = z.object({
  count: z.number().int(),
  sample: z.array(customerSummarySchema).max(previewSampleSize),
});
export type SegmentPreview = z.infer<typeof segmentPreviewSchema>;

const segmentName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const segmentDescription = z.string().trim().max(500, 'must be at most 500 characters');

/** `POST /api/segments`. */
export const createSegmentSchema = z.strictObject({
  name: segmentName,
  description: segmentDescription.default(''),
  rule: segmentRuleInputSchema,
});
export type CreateSegment = z.infer<typeof createSegmentSchema>;

/** `PUT /api/segments/:id`: any of name, description and rule; the count is redone when the rule changes. */
export const updateSegmentSchema = z
  .strictObject({ name: segmentName.optional(), description: segmentDescription.optional(), rule: segmentRuleInputSchema.optional() })
  .refine((patch) => patch.name !== undefined || patch.description !== undefined || patch.rule !== undefined, {
    message: 'set name, description or rule',
  });
export type UpdateSegment = z.infer<typeof updateSegmentSchema>;

/** A saved segment. */
export const segmentSchema = z.object({
  id: objectId,
  name: z.string(),
  description: z.string(),
  rule: segmentRuleInputSchema,
  /** The audience's size when last counted (on save, on a rule change, or on request); null if never. */
  lastCount: z.number().int().nullable(),
  lastCountedAt: isoDate.nullable(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: isoDate,
  updatedAt: isoDate,
});
export type SegmentView = z.infer<typeof segmentSchema>;

/** Most segments listed at once. */
export const segmentsListed = 200;

/** `GET /api/segments`: newest first. */
export const segmentListSchema = z.object({ segments: z.array(segmentSchema).max(segmentsListed) });
export type SegmentList = z.infer<typeof segmentListSchema>;
