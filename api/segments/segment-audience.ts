import type { Model } from 'mongoose';
import type { CustomerDocument } from '../../db/models/customer.js';
import { previewSampleSize, segmentLimitsView, type SegmentFields, type SegmentPreview } from '../../domain/segment-api.js';
import { checkSegmentRule } from '../../domain/segments/check-rule.js';
import { compileSegment } from '../../domain/segments/compile-segment.js';
import type { FieldRegistry } from '../../domain/segments/field-registry.js';
import { segmentRuleOutdated, validationFailed } from '../../http/errors/catalogue.js';
import type { FieldError } from '../../http/errors/problem.js';
import { toCustomerSummary, type Stored } from '../customers/customer-view.js';
import type { SegmentFieldSource } from '../../db/segment-fields.js';

type Filter = Record<string, unknown>;

/** Whose rule is being checked: one just sent (a problem is the caller's, 400) or one saved earlier (409). */
export type RuleOrigin = 'request' | 'saved';

/** The problems of a rule as field errors of the request: `rule` for the root, `rule.rules.0.value` below it. */
export function ruleFieldErrors(problems: ReadonlyArray<{ path: string; message: string }>): FieldError[] {
  return problems.map(({ path, message }) => ({ path: path === '' ? 'rule' : `rule.${path}`, message }));
}

/**
 * Turning rule trees into audiences: check against today's fields, compile with the same compiler
 * campaigns use (so a preview, a list and a send agree), count and sample.
 */
export function createSegmentAudience(deps: { customers: Model<CustomerDocument>; fields: SegmentFieldSource; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());

  /** The one MongoDB filter of a rule, relative dates taken from now; throws 400 or 409 naming each problem. */
  async function filterOf(rule: unknown, origin: RuleOrigin, registry?: FieldRegistry): Promise<Filter> {
    const checked = checkSegmentRule(rule, registry ?? (await deps.fields.registry()));
    if (!checked.ok) {
      const errors = ruleFieldErrors(checked.problems);
      throw origin === 'request' ? validationFailed(errors, 'The rule has problems; `errors` names each one.') : segmentRuleOutdated(errors);
    }
    return compileSegment(checked.rule, now());
  }

  return {
    filterOf,

    /** The fields the builder offers and the limits a rule must keep. */
    async fields(): Promise<SegmentFields> {
      const registry = await deps.fields.registry();
      return {
        fields: registry.fields.map((field) => ({
          id: field.id,
          label: field.label,
          type: field.type,
          operators: [...field.operators],
          source: field.source,
          description: field.description ?? null,
        })),
        limits: segmentLimitsView,
      };
    },

    /** How many customers match a rule now. */
    async count(rule: unknown, origin: RuleOrigin): Promise<number> {
      return deps.customers.countDocuments(await filterOf(rule, origin));
    },

    /**
     * The size of a rule's audience and a few members. The sample is unsorted on purpose: without a
     * sort, a find stops at its tenth match (on FerretDB too, which scans for rule filters), so it costs
     * little beside the count it runs in parallel with; a sorted one would read every match.
     */
    async preview(rule: unknown): Promise<SegmentPreview> {
      const filter = await filterOf(rule, 'request');
      const [count, sample] = await Promise.all([
        deps.customers.countDocuments(filter),
        deps.customers.find(filter).limit(previewSampleSize).lean<Array<Stored<CustomerDocument>>>(),
      ]);
      return { count, sample: sample.map(toCustomerSummary) };
    },
  };
}

/** Checking, compiling, counting and sampling audiences. */
export type SegmentAudience = ReturnType<typeof createSegmentAudience>;
