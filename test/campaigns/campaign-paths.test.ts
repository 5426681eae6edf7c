import { describe, expect, it } from 'vitest';
import { readCampaignCounters } from '../../delivery/campaign-counters.js';
import type { FlowDocument } from '../../domain/flows/flow-document.js';
import type { SegmentRule } from '../../domain/segments/rule.js';
import { campaignWorkflowId } from '../../domain/workflow-ids.js';
import type { campaignWorkflow } from '../../workflows/campaign-workflow.js';
import { storeCustomers, startCampaignWorkflow, storeLaunchedCampaign } from '../helpers/campaigns.js';
import { replayAndKeep } from '../helpers/histories.js';
import { withTestWorker } from '../helpers/worker.js';
import { useCampaignHarness } from './campaign-harness.js';

const harness = useCampaignHarness();
const emailsStartingWith = (prefix: string): SegmentRule => ({ op: 'and', rules: [{ field: 'email', operator: 'startsWith', value: prefix }] });

describe('campaign paths: long runs, receipts-driven splits, the frequency cap', () => {
  it('continues as new when its history budget is reached and still reaches every customer once', async () => {
    const { ingestion, client } = harness();
    await storeCustomers(ingestion.database, 41, 8_000, (index) => ({ email: `long-${index}@example.com` }));
    const flow: FlowDocument = {
      schemaVersion: 1,
      nodes: [
        { id: 'audience', type: 'audience', source: { kind: 'rule', rule: emailsStartingWith('long-') } },
        { id: 'mark', type: 'tag', action: 'add', tag: 'long-run' },
        { id: 'note', type: 'message', content: { channel: 'sms', body: 'Hi {{first_name}}' } },
        { id: 'done', type: 'exit' },
      ],
      edges: [
        { from: 'audience', to: 'mark' },
        { from: 'mark', to: 'note' },
        { from: 'note', to: 'done' },
      ],
    };
    const campaignId = await storeLaunchedCampaign(ingestion.database, 'Long run', flow);
    const outcome = await withTestWorker(harness().activityDeps(), async (taskQueue) => {
      const handle = await client.workflow.start<typeof campaignWorkflow>('campaignWorkflow', {
        taskQueue,
        workflowId: campaignWorkflowId(campaignId),
        args: [{ campaignId, version: 1, limits: { historyEvents: 200, parallelChunks: 2 } }],
      });
      const result = await handle.result();
      await replayAndKeep(handle, 'continued-as-new');
      return result;
    });
    expect(outcome.status).toBe('completed');
    expect(outcome.runs).toBeGreaterThanOrEqual(2);
    expect(await ingestion.database.models.communicationLog.countDocuments({ campaignId })).toBe(8_000);
    expect(await ingestion.database.models.customers.countDocuments({ tags: 'long-run' })).toBe(8_000);
    expect((await readCampaignCounters(ingestion.database.models, campaignId))?.totals).toMatchObject({ audience: 8_000, pending: 0 });
  }, 240_000);

  it('splits on delivery outcome once the receipts are in: delivered customers tagged, the others get the fallback', async () => {
    const { ingestion, client } = harness();
    await storeCustomers(ingestion.database, 42, 300, (index) => ({ email: `outcome-${index}@example.com` }));
    const flow: FlowDocument = {
      schemaVersion: 1,
      nodes: [
        { id: 'audience', type: 'audience', source: { kind: 'rule', rule: emailsStartingWith('outcome-') } },
        { id: 'sms', type: 'message', content: { channel: 'sms', body: 'Your offer, {{first_name}}' } },
        { id: 'reached', type: 'split', split: { kind: 'deliveryOutcome', messageNodeId: 'sms', timeoutSeconds: 120 } },
        { id: 'tagged', type: 'tag', action: 'add', tag: 'sms-reached' },
        { id: 'fallback', type: 'message', content: { channel: 'email', subject: 'Your offer', body: 'Hi {{first_name}}, your offer is waiting.' } },
        { id: 'done', type: 'exit' },
      ],
      edges: [
        { from: 'audience', to: 'sms' },
        { from: 'sms', to: 'reached' },
        { from: 'reached', to: 'tagged', branch: 'delivered' },
        { from: 'reached', to: 'fallback', branch: 'notDelivered' },
        { from: 'tagged', to: 'done' },
        { from: 'fallback', to: 'done' },
      ],
    };
    const campaignId = await storeLaunchedCampaign(ingestion.database, 'Outcome split', flow);
    await withTestWorker(harness().activityDeps(), async (taskQueue) => {
      const handle = await startCampaignWorkflow(client, taskQueue, campaignId, 'Outcome split');
      await handle.result();
      await replayAndKeep(handle, 'delivery-outcome-split');
    });
    const { communicationLog, customers } = ingestion.database.models;
    const delivered = await communicationLog.find({ campaignId, nodeId: 'sms', status: 'DELIVERED' }, { customerId: 1 }).lean();
    const failed = await communicationLog.find({ campaignId, nodeId: 'sms', status: 'FAILED' }, { customerId: 1 }).lean();
    expect(delivered.length + failed.length).toBe(300);
    expect(failed.length).toBeGreaterThan(0);
    const tagged = await customers.find({ tags: 'sms-reached' }, { _id: 1 }).lean();
    expect(new Set(tagged.map((customer) => customer._id.toHexString()))).toEqual(new Set(delivered.map((message) => message.customerId.toHexString())));
    const fallbacks = await communicationLog.find({ campaignId, nodeId: 'fallback' }, { customerId: 1, channel: 1 }).lean();
    expect(new Set(fallbacks.map((message) => message.customerId.toHexString()))).toEqual(new Set(failed.map((message) => message.customerId.toHexString())));
    expect(fallbacks.every((message) => message.channel === 'email')).toBe(true);
  }, 180_000);

  it('records recipients over the frequency cap as SKIPPED with the reason, across campaigns', async () => {
    const { ingestion, client } = harness();
    await storeCustomers(ingestion.database, 43, 50, (index) => ({ email: `capped-${index}@example.com` }));
    const flow: FlowDocument = {
      schemaVersion: 1,
      nodes: [
        { id: 'audience', type: 'audience', source: { kind: 'rule', rule: emailsStartingWith('capped-') } },
        { id: 'note', type: 'message', content: { channel: 'sms', body: 'One of many' } },
        { id: 'done', type: 'exit' },
      ],
      edges: [
        { from: 'audience', to: 'note' },
        { from: 'note', to: 'done' },
      ],
    };
    const first = await storeLaunchedCampaign(ingestion.database, 'First', flow);
    const second = await storeLaunchedCampaign(ingestion.database, 'Second', flow);
    const deps = harness().activityDeps({ frequencyCap: { limit: 1, windowMs: 86_400_000 } });
    await withTestWorker(deps, async (taskQueue) => {
      await (await startCampaignWorkflow(client, taskQueue, first, 'First')).result();
      await (await startCampaignWorkflow(client, taskQueue, second, 'Second')).result();
    });
    const { communicationLog } = ingestion.database.models;
    expect(await communicationLog.countDocuments({ campaignId: first, status: 'SKIPPED' })).toBe(0);
    const skipped = await communicationLog.find({ campaignId: second }, { status: 1, skipReason: 1 }).lean();
    expect(skipped).toHaveLength(50);
    expect(skipped.every((message) => message.status === 'SKIPPED' && message.skipReason === 'Frequency cap: at most 1 message per 1 day')).toBe(true);
    expect((await readCampaignCounters(ingestion.database.models, second))?.totals).toMatchObject({ audience: 50, skipped: 50, sent: 0 });
  }, 180_000);

  it('counts the orders recipients place after a message as its conversions, once each, cancelled ones left out', async () => {
    const { ingestion, client } = harness();
    const recipients = await storeCustomers(ingestion.database, 44, 20, (index) => ({ email: `convert-${index}@example.com` }));
    const flow: FlowDocument = {
      schemaVersion: 1,
      nodes: [
        { id: 'audience', type: 'audience', source: { kind: 'rule', rule: emailsStartingWith('convert-') } },
        { id: 'offer', type: 'message', content: { channel: 'sms', body: 'Come back, {{first_name}}' } },
        { id: 'done', type: 'exit' },
      ],
      edges: [
        { from: 'audience', to: 'offer' },
        { from: 'offer', to: 'done' },
      ],
    };
    const campaignId = await storeLaunchedCampaign(ingestion.database, 'Conversions', flow);
    await withTestWorker(harness().activityDeps(), async (taskQueue) => (await startCampaignWorkflow(client, taskQueue, campaignId, 'Conversions')).result());

    const orderedAt = new Date(Date.now() + 1_000).toISOString();
    const orders = [
      ...recipients.slice(0, 4).map((customer, index) => ({ orderId: `conv-${index}`, customerId: customer._id.toHexString(), amount: 100 + index, orderedAt })),
      { orderId: 'conv-cancelled', customerId: recipients[5]!._id.toHexString(), amount: 999, orderedAt, status: 'cancelled' },
      // Placed before the message: not a conversion.
      { orderId: 'conv-before', customerId: recipients[6]!._id.toHexString(), amount: 50, orderedAt: '2020-01-01T00:00:00Z' },
    ];
    const post = async (): Promise<void> => {
      const response = await ingestion.marketer.request('/api/orders', { json: orders, csrf: true });
      expect(response.status).toBe(202);
      await ingestion.waitUntilDone(((await response.json()) as { ingestionId: string }).ingestionId);
    };
    await post();
    await post(); // sent twice, as integrators do after a timeout: still counted once

    const detail = (await (await ingestion.marketer.request(`/api/campaigns/${campaignId}`)).json()) as { conversions: unknown };
    expect(detail.conversions).toEqual({
      windowSeconds: 7 * 86_400,
      orders: 4,
      customers: 4,
      revenue: 406,
      nodes: { offer: { orders: 4, customers: 4, revenue: 406 } },
    });
  }, 180_000);
});
