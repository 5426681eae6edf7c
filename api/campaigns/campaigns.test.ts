import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../../db/open.js';
import { auditPageSchema } from '../../domain/auth/schemas.js';
import { campaignDetailSchema, campaignFlowErrorSchema, campaignPageSchema, type CampaignDetail } from '../../domain/campaigns/campaign-api.js';
import { winBackFlow } from '../../domain/flows/example-flows.js';
import { useTestApi } from '../../test/helpers/api.js';
import type { TestBrowser } from '../../test/helpers/browser.js';
import { storeCustomers } from '../../test/helpers/campaigns.js';
import { signInCast, type Cast } from '../../test/helpers/cast.js';
import { freshDatabaseUri } from '../../test/helpers/database.js';
import { useTestRedis } from '../../test/helpers/redis.js';
import { testServices } from '../../test/helpers/services.js';
import { connectTestClient, testActivityDeps, withTestWorker } from '../../test/helpers/worker.js';
import { CampaignId, CampaignStatus } from '../../temporal/search-attributes.js';

// The campaigns API against the real API, database and Temporal server. No worker serves this file's
// task queue (except in the last test): a started workflow then waits in Temporal, "running" but never
// run, which is all launch, idempotency, scheduling and cancelling need.

const taskQueue = `campaigns-api-${randomUUID()}`;
const uiUrl = 'http://temporal-ui.test:8233/';
let mongoUri = '';
const api = useTestApi(() => {
  mongoUri = freshDatabaseUri().uri;
  return { MONGODB_URI: mongoUri, TEMPORAL_TASK_QUEUE: taskQueue, TEMPORAL_UI_URL: uiUrl };
});
const redis = useTestRedis();
let database: Database;
let cast: Cast;
let temporal: { client: Client; close: () => Promise<void> };
const launchedIds: string[] = [];

beforeAll(async () => {
  database = await openDatabase(mongoUri);
  cast = await signInCast(api().url);
  temporal = await connectTestClient();
});

afterAll(async () => {
  // Workflows nobody will run would otherwise wait on the server for the rest of the test run.
  await Promise.allSettled(launchedIds.map((id) => temporal.client.workflow.getHandle(`campaign-${id}`).terminate('test over')));
  await temporal.close();
  await database.connection.dropDatabase();
  await database.close();
});

const problemSchema = z.object({
  status: z.number(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() }).loose()).optional(),
});
const marketer = (): TestBrowser => cast.people.marketer;
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

type RawNode = Record<string, unknown> & { id: string };

/** A flow of these nodes, each leading to the next. */
function lineFlow(nodes: RawNode[]): { schemaVersion: 1; nodes: RawNode[]; edges: Array<{ from: string; to: string }> } {
  return { schemaVersion: 1, nodes, edges: nodes.slice(1).map((node, index) => ({ from: nodes[index]?.id ?? '', to: node.id })) };
}

const everyone: RawNode = { id: 'audience', type: 'audience', label: 'Everyone', source: { kind: 'rule', rule: { field: 'spend', operator: 'gte', value: 0 } } };
const segmentAudience = (segmentId: string, id = 'audience'): RawNode => ({ id, type: 'audience', source: { kind: 'segment', segmentId } });
const greet = (tag = 'greeted'): RawNode => ({ id: 'greet', type: 'tag', action: 'add', tag });
const done: RawNode = { id: 'done', type: 'exit' };

/** audience (everyone) → tag → exit: a flow that sends nothing, so it needs no vendor. */
const tagFlow = (tag = 'greeted') => lineFlow([everyone, greet(tag), done]);

async function send(browser: TestBrowser, method: string, path: string, json?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await browser.request(path, { method, csrf: true, ...(json !== undefined ? { json } : {}) });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

async function expectDetail(browser: TestBrowser, method: string, path: string, json: unknown, status: number): Promise<CampaignDetail> {
  const answer = await send(browser, method, path, json);
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const detail = campaignDetailSchema.parse(answer.body);
  if (detail.version !== null && !launchedIds.includes(detail.id)) launchedIds.push(detail.id);
  return detail;
}

async function expectProblem(browser: TestBrowser, method: string, path: string, json: unknown, status: number): Promise<z.infer<typeof problemSchema>> {
  const answer = await send(browser, method, path, json);
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return problemSchema.parse(answer.body);
}

function createDraft(name: string, flow: unknown = tagFlow(), extra: Record<string, unknown> = {}): Promise<CampaignDetail> {
  return expectDetail(marketer(), 'POST', '/api/campaigns', { name, flow, ...extra }, 201);
}

async function auditActions(campaignId: string): Promise<string[]> {
  const page = auditPageSchema.parse(await (await cast.people.admin.request(`/api/audit-events?targetId=${campaignId}`)).json());
  return page.events.map((event) => event.action);
}

async function workflowInput(campaignId: string): Promise<unknown> {
  const history = await temporal.client.workflow.getHandle(`campaign-${campaignId}`).fetchHistory();
  const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
  return payload ? defaultPayloadConverter.fromPayload(payload) : undefined;
}

describe('drafts', () => {
  it('saves a draft with its checked flow, and shows it in the detail and first in the list, audited', async () => {
    const created = await createDraft('Win back', winBackFlow, { description: 'Lapsed big spenders', tags: ['retention', 'retention', 'sms'], goal: 'Orders within 7 days' });
    expect(created).toMatchObject({
      name: 'Win back',
      description: 'Lapsed big spenders',
      tags: ['retention', 'sms'],
      goal: 'Orders within 7 days',
      status: 'draft',
      version: null,
      versionCount: 0,
      launchedFlow: null,
      draftDiffersFromLaunched: false,
      progress: null,
      workflowId: null,
      temporalUiUrl: null,
      createdBy: { type: 'user', label: 'marketer@cast.test' },
      counters: { audience: 0, sent: 0, delivered: 0, failed: 0 },
    });
    expect(created.draft).toEqual(winBackFlow);
    expect(created.nodes.map((node) => node.id)).toEqual(winBackFlow.nodes.map((node) => node.id));
    expect(created.nodes[1]).toEqual({ id: 'miss-you', type: 'message', label: 'We miss you', counters: null, progress: null });

    const fetched = campaignDetailSchema.parse((await send(cast.people.viewer, 'GET', `/api/campaigns/${created.id.toUpperCase()}`)).body);
    expect(fetched).toEqual(created);
    const listed = campaignPageSchema.parse((await send(cast.people.viewer, 'GET', '/api/campaigns')).body);
    expect(listed.campaigns[0]).toMatchObject({ id: created.id, status: 'draft', launchedAt: null, counters: { audience: 0, sent: 0, pending: 0 } });
    expect(await auditActions(created.id)).toEqual(['campaign.saved']);
  });

  it('refuses an invalid flow with 400 naming each error by path, node id and code, and saves nothing', async () => {
    const flow = {
      schemaVersion: 1,
      nodes: [
        { id: 'audience', type: 'audience', source: { kind: 'rule', rule: { field: 'spnd', operator: 'gt', value: 1 } } },
        { id: 'hello', type: 'message', content: { channel: 'sms', body: 'Hi {{frist_name}}' } },
        { id: 'done', type: 'exit' },
      ],
      edges: [
        { from: 'audience', to: 'hello' },
        { from: 'hello', to: 'nowhere' },
      ],
    };
    const problem = await expectProblem(marketer(), 'POST', '/api/campaigns', { name: 'Broken', flow }, 400);
    const errors = z.array(campaignFlowErrorSchema).parse(problem.errors);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'flow.nodes.0.source.rule.field', nodeId: 'audience', code: 'rule' }),
        expect.objectContaining({ path: 'flow.nodes.1.content.body', nodeId: 'hello', code: 'template' }),
        expect.objectContaining({ path: 'flow.edges.1.to', code: 'dangling_edge', edgeIndex: 1 }),
      ]),
    );
    expect(await database.models.campaigns.countDocuments({ name: 'Broken' })).toBe(0);
    const fields = await expectProblem(marketer(), 'POST', '/api/campaigns', { name: '', flow: tagFlow(), tags: ['x'.repeat(41)], extra: 1 }, 400);
    expect(fields.errors?.map((error) => error.path).sort()).toEqual(['body', 'body.name', 'body.tags.0']);
  });

  it('refuses an audience naming a saved segment that does not exist with 400 naming its node, and accepts one that exists', async () => {
    const missing = '65f0c0ffee0000000000a001';
    const flow = (segmentId: string) => lineFlow([segmentAudience(segmentId, 'subscribers'), greet(), done]);
    const problem = await expectProblem(marketer(), 'POST', '/api/campaigns', { name: 'To nobody', flow: flow(missing) }, 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'flow.nodes.0.source.segmentId', nodeId: 'subscribers', code: 'segment_not_found' })]);

    const segment = await send(marketer(), 'POST', '/api/segments', { name: 'Everyone, for campaigns', rule: { field: 'spend', operator: 'gte', value: 0 } });
    const segmentId = z.object({ id: z.string() }).parse(segment.body).id;
    const saved = await createDraft('To subscribers', flow(segmentId));
    expect(saved.draft).toEqual(flow(segmentId));
  });

  it('edits fields and the draft, keeping a launched campaign on its pinned version', async () => {
    const draft = await createDraft('Pinned');
    const renamed = await expectDetail(marketer(), 'PUT', `/api/campaigns/${draft.id}`, { name: 'Pinned, renamed', tags: ['q3'], goal: null }, 200);
    expect(renamed).toMatchObject({ name: 'Pinned, renamed', tags: ['q3'], goal: null, draft: draft.draft, draftUpdatedAt: draft.draftUpdatedAt });

    const launched = await expectDetail(marketer(), 'POST', `/api/campaigns/${draft.id}/launch`, { at: inDays(30) }, 202);
    const edited = await expectDetail(marketer(), 'PUT', `/api/campaigns/${draft.id}`, { flow: tagFlow('edited') }, 200);
    expect(edited).toMatchObject({ status: 'scheduled', version: 1, versionCount: 1, draftDiffersFromLaunched: true, launchedFlow: launched.launchedFlow });
    expect(edited.draft).toMatchObject({ nodes: [{}, { tag: 'edited' }, {}] });
    // The detail shows the nodes that run: the pinned version's.
    expect(edited.nodes.map((node) => node.id)).toEqual(['audience', 'greet', 'done']);
    expect(await database.models.campaignVersions.countDocuments({ campaignId: draft.id })).toBe(1);
    expect((await send(marketer(), 'PUT', `/api/campaigns/${draft.id}`, {})).status).toBe(400);
    expect(await auditActions(draft.id)).toEqual(['campaign.saved', 'campaign.launched', 'campaign.saved', 'campaign.saved']);
  });

  it('deletes only a campaign never launched: 204, then 404; 409 once launched', async () => {
    const draft = await createDraft('Short-lived');
    expect((await send(marketer(), 'DELETE', `/api/campaigns/${draft.id}`)).status).toBe(204);
    expect((await send(marketer(), 'GET', `/api/campaigns/${draft.id}`)).status).toBe(404);
    expect((await send(marketer(), 'DELETE', `/api/campaigns/${draft.id}`)).status).toBe(404);
    expect(await auditActions(draft.id)).toEqual(['campaign.deleted', 'campaign.saved']);

    const kept = await createDraft('Launched, kept');
    await expectDetail(marketer(), 'POST', `/api/campaigns/${kept.id}/launch`, { at: inDays(30) }, 202);
    expect((await expectProblem(marketer(), 'DELETE', `/api/campaigns/${kept.id}`, undefined, 409)).code).toBe('campaign_not_draft');
  });
});

describe('launch', () => {
  it('launches once: a second launch answers 200 with the same state, and Temporal holds one workflow for the pinned version', async () => {
    const draft = await createDraft('Launch twice');
    const first = await expectDetail(marketer(), 'POST', `/api/campaigns/${draft.id}/launch`, {}, 202);
    expect(first).toMatchObject({
      status: 'scheduled',
      version: 1,
      versionCount: 1,
      workflowId: `campaign-${draft.id}`,
      temporalUiUrl: `http://temporal-ui.test:8233/namespaces/${testServices().temporalNamespace}/workflows/campaign-${draft.id}`,
      draftDiffersFromLaunched: false,
    });
    expect(first.launchedFlow).toEqual(draft.draft);
    expect(first.launchedAt).not.toBeNull();

    const handle = temporal.client.workflow.getHandle(`campaign-${draft.id}`);
    const described = await handle.describe();
    expect(described).toMatchObject({ type: 'campaignWorkflow', taskQueue, status: { name: 'RUNNING' } });
    expect(described.typedSearchAttributes.get(CampaignId)).toBe(draft.id);
    expect(described.typedSearchAttributes.get(CampaignStatus)).toBe('scheduled');
    expect(await workflowInput(draft.id)).toEqual({ campaignId: draft.id, version: 1 });

    const second = await expectDetail(marketer(), 'POST', `/api/campaigns/${draft.id}/launch`, { at: inDays(3) }, 200);
    expect(second).toEqual(first);
    expect((await handle.describe()).runId).toBe(described.runId);
    expect(await database.models.campaignVersions.countDocuments({ campaignId: draft.id })).toBe(1);
    expect(await auditActions(draft.id)).toEqual(['campaign.launched', 'campaign.saved']);
  });

  it('starts one workflow when two launches of a draft race', async () => {
    const draft = await createDraft('Launch race');
    const answers = await Promise.all([0, 1].map(() => send(marketer(), 'POST', `/api/campaigns/${draft.id}/launch`, { at: inDays(10) })));
    launchedIds.push(draft.id);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 202]);
    expect(await database.models.campaignVersions.countDocuments({ campaignId: draft.id })).toBe(1);
    const { status } = await temporal.client.workflow.getHandle(`campaign-${draft.id}`).describe();
    expect(status.name).toBe('RUNNING');
    expect((await auditActions(draft.id)).filter((action) => action === 'campaign.launched')).toHaveLength(1);
  });

  it('schedules a launch at a future time as a delayed workflow start', async () => {
    const at = inDays(20);
    const draft = await createDraft('Later');
    const launched = await expectDetail(marketer(), 'POST', `/api/campaigns/${draft.id}/launch`, { at }, 202);
    expect(launched).toMatchObject({ status: 'scheduled', scheduledAt: at, startedAt: null });
    const described = await temporal.client.workflow.getHandle(`campaign-${draft.id}`).describe();
    expect(Math.abs((described.executionTime?.getTime() ?? 0) - Date.parse(at))).toBeLessThan(5_000);
    expect(described.historyLength).toBe(1);
    const tooFar = await expectProblem(marketer(), 'POST', '/api/campaigns', { name: 'Too far', flow: tagFlow(), launch: { at: inDays(400) } }, 400);
    expect(tooFar.errors?.[0]?.path).toBe('body.launch.at');
  });

  it('saves and launches in one call, validating waits against the scheduled start', async () => {
    const created = await expectDetail(marketer(), 'POST', '/api/campaigns', { name: 'Save and launch', flow: tagFlow(), launch: { at: inDays(15) } }, 201);
    expect(created).toMatchObject({ status: 'scheduled', version: 1 });
    expect((await temporal.client.workflow.getHandle(`campaign-${created.id}`).describe()).status.name).toBe('RUNNING');
    expect(await auditActions(created.id)).toEqual(['campaign.launched', 'campaign.saved']);

    // A wait until day 10 has passed by the time a campaign starting on day 15 reaches it.
    const flow = lineFlow([everyone, { id: 'until-sale', type: 'wait', wait: { kind: 'until', at: inDays(10) } }, greet(), done]);
    const problem = await expectProblem(marketer(), 'POST', '/api/campaigns', { name: 'Too late', flow, launch: { at: inDays(15) } }, 400);
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'flow.nodes.1.wait.at', nodeId: 'until-sale', code: 'wait_in_past' })]);
    expect(await database.models.campaigns.countDocuments({ name: 'Too late' })).toBe(0);
    await createDraft('Too late, as a draft', flow);
  });

  it('answers 409 naming the node when the saved draft no longer validates at launch', async () => {
    const segment = await send(marketer(), 'POST', '/api/segments', { name: 'Soon gone', rule: { field: 'spend', operator: 'gte', value: 0 } });
    const segmentId = z.object({ id: z.string() }).parse(segment.body).id;
    const draft = await createDraft('Segment deleted', lineFlow([segmentAudience(segmentId), greet(), done]));
    expect((await send(marketer(), 'DELETE', `/api/segments/${segmentId}`)).status).toBe(204);
    const problem = await expectProblem(marketer(), 'POST', `/api/campaigns/${draft.id}/launch`, {}, 409);
    expect(problem).toMatchObject({ code: 'campaign_flow_outdated', errors: [{ path: 'draft.nodes.0.source.segmentId', nodeId: 'audience', code: 'segment_not_found' }] });
    const after = campaignDetailSchema.parse((await send(marketer(), 'GET', `/api/campaigns/${draft.id}`)).body);
    expect(after).toMatchObject({ status: 'draft', version: null, versionCount: 0 });
  });

  it('refuses to launch, pause or resume what cannot be: 409 with a code saying why', async () => {
    const draft = await createDraft('Steering');
    expect((await expectProblem(marketer(), 'POST', `/api/campaigns/${draft.id}/pause`, undefined, 409)).code).toBe('campaign_not_running');
    expect((await expectProblem(marketer(), 'POST', `/api/campaigns/${draft.id}/cancel`, undefined, 409)).code).toBe('campaign_not_running');
    await expectDetail(marketer(), 'POST', `/api/campaigns/${draft.id}/launch`, {}, 202);
    expect((await expectProblem(marketer(), 'POST', `/api/campaigns/${draft.id}/pause`, undefined, 409)).code).toBe('campaign_not_running');

    // As the workflow reports once a worker runs it.
    await database.models.campaigns.updateOne({ _id: draft.id }, { $set: { status: 'running', startedAt: new Date() } });
    expect((await expectProblem(marketer(), 'POST', `/api/campaigns/${draft.id}/launch`, {}, 409)).code).toBe('campaign_running');
    expect((await expectProblem(marketer(), 'DELETE', `/api/campaigns/${draft.id}`, undefined, 409)).code).toBe('campaign_running');
    const paused = await expectDetail(marketer(), 'POST', `/api/campaigns/${draft.id}/pause`, undefined, 202);
    expect(paused.progress).toBeNull();
    await expectDetail(marketer(), 'POST', `/api/campaigns/${draft.id}/resume`, undefined, 202);
    const history = await temporal.client.workflow.getHandle(`campaign-${draft.id}`).fetchHistory();
    const signals = (history.events ?? []).flatMap((event) => event.workflowExecutionSignaledEventAttributes?.signalName ?? []);
    expect(signals).toEqual(['pause', 'resume']);

    await database.models.campaigns.updateOne({ _id: draft.id }, { $set: { status: 'completed', finishedAt: new Date() } });
    for (const action of ['launch', 'pause', 'resume', 'cancel']) {
      expect((await expectProblem(marketer(), 'POST', `/api/campaigns/${draft.id}/${action}`, {}, 409)).code, action).toBe('campaign_finished');
    }
    expect((await expectProblem(marketer(), 'PUT', `/api/campaigns/${draft.id}`, { flow: tagFlow() }, 409)).code).toBe('campaign_finished');
    expect(await auditActions(draft.id)).toEqual(['campaign.resumed', 'campaign.paused', 'campaign.launched', 'campaign.saved']);
  });
});

describe('cancel', () => {
  it('cancels a scheduled campaign before it starts: the workflow is terminated and the campaign is cancelled', async () => {
    const created = await expectDetail(marketer(), 'POST', '/api/campaigns', { name: 'Never mind', flow: tagFlow(), launch: { at: inDays(30) } }, 201);
    const cancelled = await expectDetail(marketer(), 'POST', `/api/campaigns/${created.id}/cancel`, undefined, 202);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.finishedAt).not.toBeNull();
    expect((await temporal.client.workflow.getHandle(`campaign-${created.id}`).describe()).status.name).toBe('TERMINATED');
    expect((await expectProblem(marketer(), 'POST', `/api/campaigns/${created.id}/launch`, {}, 409)).code).toBe('campaign_finished');
    expect(await auditActions(created.id)).toEqual(['campaign.cancelled', 'campaign.launched', 'campaign.saved']);
  });

  it('signals a running campaign to cancel, and records one whose workflow vanished as cancelled', async () => {
    const created = await expectDetail(marketer(), 'POST', '/api/campaigns', { name: 'Stop it', flow: tagFlow(), launch: {} }, 201);
    await database.models.campaigns.updateOne({ _id: created.id }, { $set: { status: 'running', startedAt: new Date() } });
    const signalled = await expectDetail(marketer(), 'POST', `/api/campaigns/${created.id}/cancel`, undefined, 202);
    // The workflow ends as cancelled and says so itself; with no worker here it has not yet.
    expect(signalled.status).toBe('running');
    const handle = temporal.client.workflow.getHandle(`campaign-${created.id}`);
    const history = await handle.fetchHistory();
    expect((history.events ?? []).some((event) => event.workflowExecutionSignaledEventAttributes?.signalName === 'cancel')).toBe(true);

    await handle.terminate('terminated from the Temporal UI');
    const recorded = await expectDetail(marketer(), 'POST', `/api/campaigns/${created.id}/cancel`, undefined, 202);
    expect(recorded.status).toBe('cancelled');
  });
});

describe('the history list', () => {
  it('lists newest first with keyset paging, filters by status and tag, and refuses a foreign cursor', async () => {
    const tag = `page-${randomUUID().slice(0, 8)}`;
    const made: string[] = [];
    for (const name of ['First', 'Second', 'Third']) made.push((await createDraft(`${name} ${tag}`, tagFlow(), { tags: [tag] })).id);
    await expectDetail(marketer(), 'POST', `/api/campaigns/${made[1]}/launch`, { at: inDays(30) }, 202);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query = `/api/campaigns?tag=${tag}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = campaignPageSchema.parse((await send(cast.people.viewer, 'GET', query)).body);
      seen.push(...page.campaigns.map((campaign) => campaign.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());

    const scheduled = campaignPageSchema.parse((await send(cast.people.viewer, 'GET', `/api/campaigns?tag=${tag}&status=scheduled`)).body);
    expect(scheduled.campaigns).toEqual([expect.objectContaining({ id: made[1], status: 'scheduled', version: 1, launchedAt: expect.any(String) as unknown })]);
    expect((await send(cast.people.viewer, 'GET', '/api/campaigns?cursor=bm9wZQ')).status).toBe(400);
    expect((await send(cast.people.viewer, 'GET', '/api/campaigns?limit=101')).status).toBe(400);
    expect((await send(cast.people.viewer, 'GET', '/api/campaigns?sort=name')).status).toBe(400);
  });

  it('lets viewers read but not write, and a campaigns API key launch', async () => {
    const draft = await createDraft('Read only');
    const viewer = cast.people.viewer;
    expect((await send(viewer, 'GET', `/api/campaigns/${draft.id}`)).status).toBe(200);
    expect((await send(viewer, 'POST', '/api/campaigns', { name: 'Nope', flow: tagFlow() })).status).toBe(403);
    expect((await send(viewer, 'PUT', `/api/campaigns/${draft.id}`, { name: 'Mine' })).status).toBe(403);
    expect((await send(viewer, 'POST', `/api/campaigns/${draft.id}/launch`, {})).status).toBe(403);
    expect((await send(viewer, 'DELETE', `/api/campaigns/${draft.id}`)).status).toBe(403);

    const response = await fetch(`${api().url}/api/campaigns/${draft.id}/launch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${cast.keys.campaigns}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ at: inDays(30) }),
    });
    expect(response.status).toBe(202);
    launchedIds.push(draft.id);
    const audit = auditPageSchema.parse(await (await cast.people.admin.request(`/api/audit-events?targetId=${draft.id}&action=campaign.launched`)).json());
    expect(audit.events[0]?.actor.type).toBe('apiKey');
  });
});

describe('on a real worker', () => {
  it('runs a launched campaign: running with live progress per node, paused, resumed, completed', async () => {
    // The worker serves this file's queue: the workflows launched above would run too; they are done with.
    await Promise.allSettled(launchedIds.map((id) => temporal.client.workflow.getHandle(`campaign-${id}`).terminate('make way for the worker test')));
    await storeCustomers(database, 71, 5);
    const wait: RawNode = { id: 'a-moment', type: 'wait', wait: { kind: 'duration', seconds: 3 } };
    const created = await createDraft('Runs for real', lineFlow([everyone, wait, greet('ran-for-real'), done]));
    const detailOf = async (): Promise<CampaignDetail> => campaignDetailSchema.parse((await send(marketer(), 'GET', `/api/campaigns/${created.id}`)).body);
    const until = async (ready: (detail: CampaignDetail) => boolean): Promise<CampaignDetail> => {
      for (let attempt = 0; attempt < 300; attempt += 1) {
        const detail = await detailOf();
        if (ready(detail)) return detail;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`campaign never reached the expected state: ${JSON.stringify(await detailOf())}`);
    };

    await withTestWorker(
      testActivityDeps(database, redis),
      async () => {
        await expectDetail(marketer(), 'POST', `/api/campaigns/${created.id}/launch`, {}, 202);
        const running = await until((detail) => detail.status === 'running' && (detail.progress?.nodes.audience?.done ?? 0) > 0);
        expect(running.progress).toMatchObject({ campaignId: created.id, version: 1, paused: false });
        expect(running.nodes.find((node) => node.id === 'audience')?.progress).toEqual(running.progress?.nodes.audience);
        expect(running.startedAt).not.toBeNull();

        await expectDetail(marketer(), 'POST', `/api/campaigns/${created.id}/pause`, undefined, 202);
        const paused = await until((detail) => detail.status === 'paused');
        expect(paused.progress?.paused).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 3_500));
        expect((await detailOf()).status).toBe('paused');
        expect(await database.models.customers.countDocuments({ tags: 'ran-for-real' })).toBe(0);

        await expectDetail(marketer(), 'POST', `/api/campaigns/${created.id}/resume`, undefined, 202);
        const completed = await until((detail) => detail.status === 'completed');
        expect(completed).toMatchObject({ progress: null, finishedAt: expect.any(String) as unknown });
      },
      { taskQueue },
    );
    expect(await database.models.customers.countDocuments({ tags: 'ran-for-real' })).toBe(5);
  }, 60_000);
});
