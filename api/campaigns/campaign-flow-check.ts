import { Types, type Model } from 'mongoose';
import { findByIds } from '../../db/find-by-ids.js';
import type { SegmentDocument } from '../../db/models/segment.js';
import type { SegmentFieldSource } from '../../db/segment-fields.js';
import type { CampaignFlowError } from '../../domain/campaigns/campaign-api.js';
import type { FlowDocument } from '../../domain/flows/flow-document.js';
import { validateFlow } from '../../domain/flows/validate-flow.js';
import { attributeKeysOf } from '../../domain/segments/field-registry.js';
import { campaignFlowOutdated, validationFailed } from '../../http/errors/catalogue.js';
import type { FieldError } from '../../http/errors/problem.js';

/** Whose flow is checked: one just sent (its problems are the caller's: 400) or the saved draft at a launch (409). */
export type FlowOrigin = 'request' | 'draft';

/** The flow errors as field errors of the request: paths from its root (`flow.nodes.3.content.body`), node ids kept. */
function fieldErrorsOf(errors: readonly CampaignFlowError[], root: string): FieldError[] {
  return errors.map(({ path, ...rest }) => ({ ...rest, path: path === '' ? root : `${root}.${path}` }));
}

/**
 * Checking a campaign's flow against this installation: validateFlow (schema, graph, fields, attribute
 * keys, the time for `until` waits), and that every saved segment an audience names exists.
 */
export function createCampaignFlowCheck(deps: { fields: SegmentFieldSource; segments: Model<SegmentDocument> }) {
  async function missingSegments(flow: FlowDocument): Promise<CampaignFlowError[]> {
    const named = flow.nodes.flatMap((node, index) =>
      node.type === 'audience' && node.source.kind === 'segment' ? [{ node, index, segmentId: node.source.segmentId }] : [],
    );
    if (named.length === 0) return [];
    const found = await findByIds<SegmentDocument>(
      deps.segments,
      named.map(({ segmentId }) => new Types.ObjectId(segmentId)),
      { _id: 1 },
    );
    const existing = new Set(found.map(({ _id }) => _id.toHexString()));
    return named
      .filter(({ segmentId }) => !existing.has(segmentId))
      .map(({ node, index, segmentId }) => ({
        nodeId: node.id,
        path: `nodes.${index}.source.segmentId`,
        code: 'segment_not_found' as const,
        message: `there is no saved segment ${segmentId}; pick another segment or write a rule`,
      }));
  }

  return {
    /**
     * The flow known good (defaults filled in), checked as of `now` (a scheduled start passes the start
     * time, so a wait cannot end before the campaign begins); otherwise throws 400 (a request's flow,
     * under `flow`) or 409 (the saved draft, under `draft`), naming every error with its node id.
     */
    async check(input: unknown, origin: FlowOrigin, now: Date): Promise<FlowDocument> {
      const registry = await deps.fields.registry();
      const validation = validateFlow(input, { fieldRegistry: registry, attributeKeys: attributeKeysOf(registry), now });
      const errors: CampaignFlowError[] = validation.ok ? await missingSegments(validation.flow) : validation.errors;
      if (validation.ok && errors.length === 0) return validation.flow;
      if (origin === 'request') throw validationFailed(fieldErrorsOf(errors, 'flow'), 'The flow has problems; `errors` names each one and its node.');
      throw campaignFlowOutdated(fieldErrorsOf(errors, 'draft'));
    },
  };
}

/** Checks campaign flows. */
export type CampaignFlowCheck = ReturnType<typeof createCampaignFlowCheck>;
