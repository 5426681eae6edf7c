import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { forkRole, type RoleProcess } from '../../cli/role-process.js';
import { readCampaignCounters } from '../../delivery/campaign-counters.js';
import { vendorStatsSchema } from '../../domain/vendor-api.js';
import type { FlowDocument } from '../../domain/flows/flow-document.js';
import { useCampaignHarness } from '../campaigns/campaign-harness.js';
import { storeCustomers, startCampaignWorkflow, storeLaunchedCampaign } from '../helpers/campaigns.js';
import { testServices } from '../helpers/services.js';
import { setVendorChaos, vendorRequest } from '../helpers/vendor.js';
import { replayAndKeep } from '../helpers/histories.js';
import { withTestWorker } from '../helpers/worker.js';

// Campaigns under faults, with real parts only: the worker as its own process killed with SIGKILL in the
// middle of a send, and the vendor answering 503 for a while. Both campaigns must complete with one
// message per customer, and the vendor must have delivered each message id exactly once.

const harness = useCampaignHarness();

function flowTo(marker: string): FlowDocument {
  return {
    schemaVersion: 1,
    nodes: [
      { id: 'audience', type: 'audience', source: { kind: 'rule', rule: { op: 'and', rules: [{ field: 'email', operator: 'startsWith', value: marker }] } } },
      { id: 'offer', type: 'message', content: { channel: 'sms', body: 'Hi {{first_name}}, 10% off today' } },
      { id: 'done', type: 'exit' },
    ],
    edges: [
      { from: 'audience', to: 'offer' },
      { from: 'offer', to: 'done' },
    ],
  };
}

/** The worker role as its own process, on a task queue of its own, over the harness's database, Redis prefix and vendor. */
function startWorkerProcess(taskQueue: string): RoleProcess {
  const services = testServices();
  const { ingestion, vendor } = harness();
  return forkRole(
    'worker',
    {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      MONGODB_URI: ingestion.mongoUri,
      REDIS_URL: services.redisUrl,
      REDIS_KEY_PREFIX: ingestion.redisKeyPrefix,
      TEMPORAL_ADDRESS: services.temporalAddress,
      TEMPORAL_NAMESPACE: services.temporalNamespace,
      TEMPORAL_TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: services.workflowBundlePath,
      VENDOR_URL: vendor.url,
      VENDOR_API_KEY: vendor.apiKey,
      WORKER_SHUTDOWN_GRACE: '1s',
    },
    120_000,
  );
}

async function killHard(role: RoleProcess): Promise<void> {
  try {
    process.kill(-role.child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
  await role.exited;
}

async function vendorStats() {
  return vendorStatsSchema.parse(await (await vendorRequest(harness().vendor, 'GET', '/v1/stats')).json());
}

async function waitForReceipts(campaignId: string, expected: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const totals = (await readCampaignCounters(harness().ingestion.database.models, campaignId))?.totals;
    if (totals && totals.delivered + totals.failed === expected) return;
    if (Date.now() > deadline) throw new Error(`receipts not all applied: ${JSON.stringify(totals)}`);
    await sleep(200);
  }
}

describe('campaigns under faults', () => {
  it('completes after the worker is killed with SIGKILL mid-send, each message id delivered by the vendor once', async () => {
    const { ingestion, client, vendor } = harness();
    const customers = 5_000;
    await storeCustomers(ingestion.database, 31, customers, (index) => ({ email: `crash-${index}@example.com` }));
    const campaignId = await storeLaunchedCampaign(ingestion.database, 'Survives a crash', flowTo('crash-'));
    const before = await vendorStats();
    const taskQueue = `crash-${randomUUID()}`;
    await setVendorChaos(vendor, { latencyMs: 200 });
    let worker = startWorkerProcess(taskQueue);
    try {
      await worker.ready;
      const handle = await startCampaignWorkflow(client, taskQueue, campaignId, 'Survives a crash');
      const messages = (): Promise<number> => ingestion.database.models.communicationLog.countDocuments({ campaignId });
      while ((await messages()) < customers * 0.2) await sleep(50);
      await killHard(worker);
      expect(await messages()).toBeLessThan(customers);
      await setVendorChaos(vendor, { latencyMs: 0 });
      worker = startWorkerProcess(taskQueue);
      await worker.ready;
      expect(await handle.result()).toMatchObject({ status: 'completed' });
      await replayAndKeep(handle, 'worker-killed-mid-send');
    } finally {
      await setVendorChaos(vendor, { latencyMs: 0 });
      await killHard(worker);
    }
    expect(await ingestion.database.models.communicationLog.countDocuments({ campaignId })).toBe(customers);
    await waitForReceipts(campaignId, customers);
    const after = await vendorStats();
    const statuses = await ingestion.database.models.communicationLog.aggregate<{ _id: string; count: number }>([{ $match: { campaignId } }, { $group: { _id: '$status', count: { $sum: 1 } } }]);
    const seen = JSON.stringify({ before, after, statuses });
    expect(after.uniqueMessages - before.uniqueMessages, seen).toBe(customers);
    expect(after.delivered + after.failed - (before.delivered + before.failed), seen).toBe(customers);
    const totals = (await readCampaignCounters(ingestion.database.models, campaignId))?.totals;
    expect(totals).toMatchObject({ audience: customers, sent: customers, pending: 0, inFlight: 0 });
    expect(totals!.delivered).toBe(after.delivered - before.delivered);
  }, 300_000);

  it('rides out the vendor answering 503 for a while: retried, completed, no message twice', async () => {
    const { ingestion, client, vendor } = harness();
    const customers = 3_000;
    await storeCustomers(ingestion.database, 32, customers, (index) => ({ email: `outage-${index}@example.com` }));
    const campaignId = await storeLaunchedCampaign(ingestion.database, 'Survives an outage', flowTo('outage-'));
    const before = await vendorStats();
    await setVendorChaos(vendor, { outage: { startsInMs: 0, durationMs: 6_000 } });
    await withTestWorker(harness().activityDeps(), async (taskQueue) => {
      const handle = await startCampaignWorkflow(client, taskQueue, campaignId, 'Survives an outage');
      expect(await handle.result()).toMatchObject({ status: 'completed' });
      await replayAndKeep(handle, 'vendor-outage');
    });
    expect(await ingestion.database.models.communicationLog.countDocuments({ campaignId })).toBe(customers);
    await waitForReceipts(campaignId, customers);
    const after = await vendorStats();
    expect(after.uniqueMessages - before.uniqueMessages).toBe(customers);
    expect(after.delivered + after.failed - (before.delivered + before.failed)).toBe(customers);
  }, 300_000);
});
