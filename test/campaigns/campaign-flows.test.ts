import { describe, expect, it } from 'vitest';
import type { SegmentRule } from '../../domain/segments/rule.js';
import { readCampaignCounters } from '../../delivery/campaign-counters.js';
import { messageIdOf } from '../../delivery/message-id.js';
import type { FlowDocument } from '../../domain/flows/flow-document.js';
import { checkSegmentRule } from '../../domain/segments/check-rule.js';
import { evaluateSegment } from '../../domain/segments/evaluate-segment.js';
import { createFieldRegistry } from '../../domain/segments/field-registry.js';
import { storeCustomers, startCampaignWorkflow, storeLaunchedCampaign } from '../helpers/campaigns.js';
import { replayAndKeep } from '../helpers/histories.js';
import { withTestWorker } from '../helpers/worker.js';
import { useCampaignHarness } from './campaign-harness.js';

const harness = useCampaignHarness();
const everyone: SegmentRule = { op: 'and', rules: [{ field: 'spend', operator: 'gte', value: 0 }] };

describe('campaign flows on a real worker, Temporal server and vendor', () => {
  it('sends every customer of a three-node flow exactly one personalised message, and completes', async () => {
    const { ingestion, client } = harness();
    const { database } = ingestion;
    const customers = await storeCustomers(database, 11, 1_000);
    const flow: FlowDocument = {
      schemaVersion: 1,
      nodes: [
        { id: 'audience', type: 'audience', source: { kind: 'rule', rule: everyone } },
        { id: 'offer', type: 'message', content: { channel: 'sms', body: "Hi {{first_name | there}}, here's 10% off on your next order!" } },
        { id: 'done', type: 'exit' },
      ],
      edges: [
        { from: 'audience', to: 'offer' },
        { from: 'offer', to: 'done' },
      ],
    };
    const campaignId = await storeLaunchedCampaign(database, 'Ten percent off', flow);
    const outcome = await withTestWorker(harness().activityDeps(), async (taskQueue) => {
      const handle = await startCampaignWorkflow(client, taskQueue, campaignId, 'Ten percent off');
      const result = await handle.result();
      await replayAndKeep(handle, 'three-node-flow');
      return result;
    });
    expect(outcome.status).toBe('completed');

    const messages = await database.models.communicationLog.find({ campaignId }, { customerId: 1, body: 1, nodeId: 1 }).lean();
    expect(messages).toHaveLength(1_000);
    expect(new Set(messages.map((message) => message.customerId.toHexString())).size).toBe(1_000);
    const byCustomer = new Map(messages.map((message) => [message.customerId.toHexString(), message.body]));
    for (const customer of customers.slice(0, 50)) {
      expect(byCustomer.get(customer._id.toHexString())).toBe(`Hi ${customer.name!.split(' ')[0]}, here's 10% off on your next order!`);
    }
    const counters = await readCampaignCounters(database.models, campaignId);
    expect(counters?.totals).toMatchObject({ audience: 1_000, sent: 1_000, pending: 0, skipped: 0 });
    const campaign = await database.models.campaigns.findById(campaignId).lean();
    expect(campaign).toMatchObject({ status: 'completed' });
    expect(campaign?.startedAt).toBeInstanceOf(Date);
    expect(campaign?.finishedAt).toBeInstanceOf(Date);
  }, 180_000);

  it('routes exactly the customers a rule selects, holds a wait, and splits A/B within tolerance', async () => {
    const { ingestion, client } = harness();
    const { database } = ingestion;
    await storeCustomers(database, 12, 600, (index) => ({ visits: index % 7, city: index % 3 === 0 ? 'Mumbai' : 'Pune' }));
    const rule: SegmentRule = { op: 'or', rules: [{ field: 'visits', operator: 'lt', value: 3 }, { field: 'city', operator: 'eq', value: 'mumbai' }] };
    const flow: FlowDocument = {
      schemaVersion: 1,
      nodes: [
        { id: 'audience', type: 'audience', source: { kind: 'rule', rule: { op: 'and', rules: [{ field: 'email', operator: 'contains', value: 'c12-' }] } } },
        { id: 'who', type: 'split', split: { kind: 'rule', rule } },
        { id: 'near', type: 'message', content: { channel: 'sms', body: 'Near you, {{first_name}}' } },
        { id: 'pause', type: 'wait', wait: { kind: 'duration', seconds: 3 } },
        { id: 'ab', type: 'split', split: { kind: 'random', branches: [{ label: 'A', percent: 50 }, { label: 'B', percent: 50 }] } },
        { id: 'a', type: 'message', content: { channel: 'sms', body: 'Variant A' } },
        { id: 'b', type: 'message', content: { channel: 'sms', body: 'Variant B' } },
        { id: 'done', type: 'exit' },
      ],
      edges: [
        { from: 'audience', to: 'who' },
        { from: 'who', to: 'near', branch: 'yes' },
        { from: 'who', to: 'pause', branch: 'no' },
        { from: 'near', to: 'done' },
        { from: 'pause', to: 'ab' },
        { from: 'ab', to: 'a', branch: 'A' },
        { from: 'ab', to: 'b', branch: 'B' },
        { from: 'a', to: 'done' },
        { from: 'b', to: 'done' },
      ],
    };
    const campaignId = await storeLaunchedCampaign(database, 'Split and wait', flow);
    const started = Date.now();
    await withTestWorker(harness().activityDeps(), async (taskQueue) => {
      const handle = await startCampaignWorkflow(client, taskQueue, campaignId, 'Split and wait');
      await handle.result();
      await replayAndKeep(handle, 'split-wait-ab-flow');
    });

    // The split's choice, checked customer by customer against the evaluator over the whole audience.
    const checked = checkSegmentRule(rule, createFieldRegistry());
    if (!checked.ok) throw new Error('rule does not check');
    const audience = await database.models.customers.find({ email: /^c12-/ }).lean();
    const expectedNear = audience.filter((customer) => evaluateSegment(checked.rule, customer as unknown as Record<string, unknown>, new Date()));
    expect(expectedNear.length).toBeGreaterThan(0);
    const near = await database.models.communicationLog.find({ campaignId, nodeId: 'near' }, { customerId: 1 }).lean();
    expect(new Set(near.map((message) => message.customerId.toHexString()))).toEqual(new Set(expectedNear.map((customer) => customer._id.toHexString())));

    const [a, b] = await Promise.all(['a', 'b'].map((nodeId) => database.models.communicationLog.find({ campaignId, nodeId }, { queuedAt: 1 }).lean()));
    const others = audience.length - expectedNear.length;
    expect(a!.length + b!.length).toBe(others);
    // 50/50 of a few hundred: each side within five standard deviations of half.
    const sigma = Math.sqrt(others * 0.25);
    expect(Math.abs(a!.length - others / 2)).toBeLessThan(5 * sigma);
    // The wait held them: nothing on the far side of it was queued before 3 s had passed.
    const firstAfterWait = Math.min(...[...a!, ...b!].map((message) => message.queuedAt.getTime()));
    expect(firstAfterWait - started).toBeGreaterThanOrEqual(3_000);
    const nearCustomer = expectedNear[0]!;
    expect(await database.models.communicationLog.findById(messageIdOf(campaignId, 'near', nearCustomer._id.toHexString())).lean()).toMatchObject({
      body: `Near you, ${nearCustomer.name!.split(' ')[0]}`,
    });
  }, 180_000);
});
