import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../domain/flows/flow-document.js';
import { CampaignStatus } from '../../temporal/search-attributes.js';
import { cancelSignal, pauseSignal, progressQuery, resumeSignal } from '../../workflows/campaign-definitions.js';
import { storeCustomers, startCampaignWorkflow, storeLaunchedCampaign } from '../helpers/campaigns.js';
import { setVendorChaos } from '../helpers/vendor.js';
import { replayAndKeep } from '../helpers/histories.js';
import { withTestWorker } from '../helpers/worker.js';
import { useCampaignHarness } from './campaign-harness.js';

const harness = useCampaignHarness();

function oneMessageFlow(emailMarker: string): FlowDocument {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'audience', type: 'audience', source: { kind: 'rule', rule: { op: 'and', rules: [{ field: 'email', operator: 'startsWith', value: emailMarker }] } } },
      { id: 'note', type: 'message', content: { channel: 'sms', body: 'Hello {{first_name}}' } },
      { id: 'done', type: 'exit' },
    ],
    edges: [
      { from: 'audience', to: 'note' },
      { from: 'note', to: 'done' },
    ],
  };
}

const messagesOf = (campaignId: string): Promise<number> => harness().ingestion.database.models.communicationLog.countDocuments({ campaignId });

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('steering a running campaign', () => {
  it('sends nothing while paused, completes after resume, and a second start finds the first workflow', async () => {
    const { ingestion, client, vendor } = harness();
    await storeCustomers(ingestion.database, 21, 6_000, (index) => ({ email: `pause-${index}@example.com` }));
    const campaignId = await storeLaunchedCampaign(ingestion.database, 'Pause me', oneMessageFlow('pause-'));
    // Six chunks of a thousand, four in flight at once, and a slow vendor: the pause finds chunks not yet started.
    await setVendorChaos(vendor, { latencyMs: 300 });
    try {
      await withTestWorker(harness().activityDeps(), async (taskQueue) => {
        const handle = await startCampaignWorkflow(client, taskQueue, campaignId, 'Pause me');
        await expect(startCampaignWorkflow(client, taskQueue, campaignId, 'Pause me')).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);

        await waitFor(async () => (await messagesOf(campaignId)) > 0, 'the first sends');
        await handle.signal(pauseSignal);
        await waitFor(async () => (await handle.query(progressQuery)).inFlightChunks === 0, 'in-flight chunks to finish');
        const atPause = await messagesOf(campaignId);
        expect(atPause).toBeLessThan(6_000);
        await sleep(1_500);
        expect(await messagesOf(campaignId)).toBe(atPause);
        expect(await handle.query(progressQuery)).toMatchObject({ paused: true, status: 'paused' });
        await waitFor(async () => (await ingestion.database.models.campaigns.findById(campaignId).lean())?.status === 'paused', 'status paused');
        expect((await handle.describe()).typedSearchAttributes.get(CampaignStatus)).toBe('paused');

        await handle.signal(resumeSignal);
        expect(await handle.result()).toMatchObject({ status: 'completed' });
        await replayAndKeep(handle, 'paused-and-resumed');
      });
    } finally {
      await setVendorChaos(vendor, { latencyMs: 0 });
    }
    expect(await messagesOf(campaignId)).toBe(6_000);
    expect((await ingestion.database.models.campaigns.findById(campaignId).lean())?.status).toBe('completed');
  }, 180_000);

  it('stops on cancel: what was in flight is recorded, nothing more is sent, and it ends cancelled', async () => {
    const { ingestion, client, vendor } = harness();
    await storeCustomers(ingestion.database, 22, 6_000, (index) => ({ email: `cancel-${index}@example.com` }));
    const campaignId = await storeLaunchedCampaign(ingestion.database, 'Cancel me', oneMessageFlow('cancel-'));
    await setVendorChaos(vendor, { latencyMs: 300 });
    try {
      await withTestWorker(harness().activityDeps(), async (taskQueue) => {
        const handle = await startCampaignWorkflow(client, taskQueue, campaignId, 'Cancel me');
        await waitFor(async () => (await messagesOf(campaignId)) > 0, 'the first sends');
        await handle.signal(cancelSignal);
        expect(await handle.result()).toMatchObject({ status: 'cancelled' });
        await replayAndKeep(handle, 'cancelled');
        expect((await handle.describe()).typedSearchAttributes.get(CampaignStatus)).toBe('cancelled');
      });
    } finally {
      await setVendorChaos(vendor, { latencyMs: 0 });
    }
    const sent = await messagesOf(campaignId);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(6_000);
    // Whatever was recorded was sent: nothing is left PENDING.
    expect(await ingestion.database.models.communicationLog.countDocuments({ campaignId, status: 'PENDING' })).toBe(0);
    expect((await ingestion.database.models.campaigns.findById(campaignId).lean())?.status).toBe('cancelled');
  }, 180_000);
});
