import type { Context } from 'koa';
import { z } from 'zod';
import {
  campaignDetailSchema,
  campaignListQuerySchema,
  campaignPageSchema,
  createCampaignSchema,
  launchRequestSchema,
  updateCampaignSchema,
} from '../../domain/campaigns/campaign-api.js';
import { originOf } from '../audit/audit-log.js';
import { currentPrincipal } from '../auth/current-principal.js';
import { actorOf } from '../auth/principal.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import type { CampaignCaller, CampaignService } from './campaign-service.js';

const idParams = z.object({ id: z.string().describe('Campaign id: 24 hexadecimal characters') });
const flowProblems = 'The flow has problems; `errors` names each by path (`flow.nodes.3.content.body`) with its `nodeId` and `code`.';
const notFound = { description: 'No such campaign' };
const temporalDown = { description: 'Temporal is unavailable; nothing was changed, retry shortly' };
const read = { kind: 'permission', permission: 'campaigns:read' } as const;
const write = { kind: 'permission', permission: 'campaigns:write' } as const;

function callerOf(ctx: Context): CampaignCaller {
  return { actor: actorOf(currentPrincipal(ctx)), origin: originOf(ctx) };
}

/** Campaigns: drafts, the history list, the detail, and the lifecycle (launch, pause, resume, cancel). */
export function campaignRoutes(campaigns: CampaignService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/campaigns',
      operationId: 'listCampaigns',
      summary: 'Campaigns newest first, with status and message counters; paged by cursor',
      description: 'Pass `nextCursor` as `cursor` for the next page; it is null on the last page. Unknown parameters are refused.',
      tags: ['campaigns'],
      access: read,
      request: { query: campaignListQuerySchema },
      responses: { 200: { description: 'A page of campaigns', schema: campaignPageSchema } },
      handler: async ({ query }) => ({ status: 200, body: await campaigns.list(query) }),
    }),
    defineRoute({
      method: 'post',
      path: '/api/campaigns',
      operationId: 'createCampaign',
      summary: 'Save a draft campaign; with `launch`, save and launch it in one call',
      description: 'The flow is checked first (400 naming each error and its node). A save-and-launch that cannot start its workflow keeps nothing (503).',
      tags: ['campaigns'],
      access: write,
      request: { body: createCampaignSchema },
      responses: {
        201: { description: 'Saved (and launched, when asked)', schema: campaignDetailSchema },
        400: { description: flowProblems },
        503: temporalDown,
      },
      handler: async ({ body }, ctx) => {
        const { campaign } = await campaigns.create(body, callerOf(ctx));
        return { status: 201, body: campaign, headers: { Location: `/api/campaigns/${campaign.id}` } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/campaigns/:id',
      operationId: 'getCampaign',
      summary: 'One campaign: draft and launched flows, counters and live progress per node, its Temporal workflow',
      tags: ['campaigns'],
      access: read,
      request: { params: idParams },
      responses: { 200: { description: 'The campaign', schema: campaignDetailSchema }, 404: notFound },
      handler: async ({ params }) => ({ status: 200, body: await campaigns.get(params.id) }),
    }),
    defineRoute({
      method: 'put',
      path: '/api/campaigns/:id',
      operationId: 'updateCampaign',
      summary: 'Change name, description, tags, goal or the draft flow; a launched campaign keeps running its pinned version',
      tags: ['campaigns'],
      access: write,
      request: { params: idParams, body: updateCampaignSchema },
      responses: {
        200: { description: 'Updated', schema: campaignDetailSchema },
        400: { description: flowProblems },
        404: notFound,
        409: { description: 'A new flow for a campaign that has ended (`campaign_finished`): create a new campaign' },
      },
      handler: async ({ params, body }, ctx) => ({ status: 200, body: await campaigns.update(params.id, body, callerOf(ctx)) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/api/campaigns/:id',
      operationId: 'deleteCampaign',
      summary: 'Delete a campaign that was never launched',
      tags: ['campaigns'],
      access: write,
      request: { params: idParams },
      responses: {
        204: { description: 'Deleted' },
        404: notFound,
        409: { description: 'The campaign was launched (`campaign_not_draft`, or `campaign_running`)' },
      },
      handler: async ({ params }, ctx) => {
        await campaigns.remove(params.id, callerOf(ctx));
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/campaigns/:id/launch',
      operationId: 'launchCampaign',
      summary: 'Pin the draft as the next version and start the campaign workflow, now or at `at`',
      description:
        'Idempotent: launching a scheduled campaign again answers 200 and starts nothing (one workflow per campaign, `campaign-<id>`). ' +
        'The draft is checked again as of the start time: 409 `campaign_flow_outdated` names each error and its node.',
      tags: ['campaigns'],
      access: write,
      request: { params: idParams, body: launchRequestSchema },
      responses: {
        200: { description: 'Already launched: the same state, nothing started', schema: campaignDetailSchema },
        202: { description: 'Launched: the workflow is started (scheduled for `at`, or to run now)', schema: campaignDetailSchema },
        404: notFound,
        409: { description: 'Running or paused (`campaign_running`), ended (`campaign_finished`: create a new campaign), or the draft no longer valid (`campaign_flow_outdated`)' },
        503: temporalDown,
      },
      handler: async ({ params, body }, ctx) => {
        const { campaign, started } = await campaigns.launch(params.id, body, callerOf(ctx));
        return { status: started ? 202 : 200, body: campaign };
      },
    }),
    steeringRoute(campaigns, 'pause', 'Ask the running campaign to pause: nothing new starts, what is in flight finishes', 'paused'),
    steeringRoute(campaigns, 'resume', 'Ask a paused campaign to carry on', 'running'),
    defineRoute({
      method: 'post',
      path: '/api/campaigns/:id/cancel',
      operationId: 'cancelCampaign',
      summary: 'Cancel a scheduled, running or paused campaign',
      description: 'A running campaign finishes what is in flight, sends nothing more and ends as cancelled; one that has not started is cancelled at once.',
      tags: ['campaigns'],
      access: write,
      request: { params: idParams },
      responses: {
        202: { description: 'Cancelled, or asked to cancel', schema: campaignDetailSchema },
        404: notFound,
        409: { description: 'A draft (`campaign_not_running`: delete it instead) or ended (`campaign_finished`)' },
        503: temporalDown,
      },
      handler: async ({ params }, ctx) => ({ status: 202, body: await campaigns.cancel(params.id, callerOf(ctx)) }),
    }),
  ];
}

/** `POST /api/campaigns/:id/pause` or `/resume`: a signal to the campaign's workflow. */
function steeringRoute(campaigns: CampaignService, action: 'pause' | 'resume', summary: string, becomes: string): RouteDefinition {
  return defineRoute({
    method: 'post',
    path: `/api/campaigns/:id/${action}`,
    operationId: `${action}Campaign`,
    summary,
    tags: ['campaigns'],
    access: write,
    request: { params: idParams },
    responses: {
      202: { description: `Signalled; \`status\` turns to ${becomes} once the workflow has taken it`, schema: campaignDetailSchema },
      404: notFound,
      409: { description: 'Not running: a draft or not started yet (`campaign_not_running`), or ended (`campaign_finished`)' },
      503: temporalDown,
    },
    handler: async ({ params }, ctx) => ({ status: 202, body: await campaigns.steer(params.id, action, callerOf(ctx)) }),
  });
}
