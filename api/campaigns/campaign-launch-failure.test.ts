import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../../db/open.js';
import { campaignDetailSchema } from '../../domain/campaigns/campaign-api.js';
import { useTestApi } from '../../test/helpers/api.js';
import { TestBrowser } from '../../test/helpers/browser.js';
import { freshDatabaseUri } from '../../test/helpers/database.js';

// An API whose Temporal namespace does not exist: every workflow start fails, as it would with Temporal
// refusing or unreachable, so a launch must leave the campaign exactly as it was.

let mongoUri = '';
const api = useTestApi(() => {
  mongoUri = freshDatabaseUri().uri;
  return { MONGODB_URI: mongoUri, TEMPORAL_NAMESPACE: 'drumbeat-no-such-namespace' };
});
let database: Database;
let admin: TestBrowser;

beforeAll(async () => {
  database = await openDatabase(mongoUri);
  admin = new TestBrowser(api().url);
  await admin.devSignIn('admin@launch-failure.test');
});

afterAll(async () => {
  await database.connection.dropDatabase();
  await database.close();
});

const flow = {
  schemaVersion: 1,
  nodes: [
    { id: 'audience', type: 'audience', source: { kind: 'rule', rule: { field: 'spend', operator: 'gte', value: 0 } } },
    { id: 'done', type: 'exit' },
  ],
  edges: [{ from: 'audience', to: 'done' }],
};
const problemSchema = z.object({ status: z.number(), code: z.string(), detail: z.string() });

describe('a launch whose workflow cannot be started', () => {
  it('answers 503 and leaves the draft as it was, ready to launch again', async () => {
    const created = await admin.request('/api/campaigns', { json: { name: 'Unlucky', flow }, csrf: true });
    const draft = campaignDetailSchema.parse(await created.json());
    const launch = await admin.request(`/api/campaigns/${draft.id}/launch`, { json: {}, csrf: true });
    expect(launch.status).toBe(503);
    expect(launch.headers.get('retry-after')).toBe('5');
    expect(problemSchema.parse(await launch.json())).toMatchObject({ code: 'service_unavailable', detail: 'Temporal is unavailable; retry shortly.' });

    const after = campaignDetailSchema.parse(await (await admin.request(`/api/campaigns/${draft.id}`)).json());
    expect(after).toMatchObject({ status: 'draft', version: null, scheduledAt: null, launchedFlow: null, workflowId: null });
    const events = (await (await admin.request(`/api/audit-events?targetId=${draft.id}`)).json()) as { events: Array<{ action: string }> };
    expect(events.events.map((event) => event.action)).toEqual(['campaign.saved']);
  });

  it('keeps nothing of a save-and-launch that cannot start, so the call can simply be repeated', async () => {
    const versionsBefore = await database.models.campaignVersions.countDocuments({});
    const response = await admin.request('/api/campaigns', { json: { name: 'Unlucky twice', flow, launch: {} }, csrf: true });
    expect(response.status).toBe(503);
    expect(await database.models.campaigns.countDocuments({ name: 'Unlucky twice' })).toBe(0);
    expect(await database.models.campaignVersions.countDocuments({})).toBe(versionsBefore);
  });
});
