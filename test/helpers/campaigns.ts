import { Types } from 'mongoose';
import type { WorkflowHandle } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import { campaignVersionId } from '../../db/models/campaign-version.js';
import type { Database } from '../../db/open.js';
import type { FlowDocument } from '../../domain/flows/flow-document.js';
import { campaignWorkflowId } from '../../domain/workflow-ids.js';
import type { Recipient } from '../../delivery/send-batch.js';
import { CampaignId, CampaignName, CampaignStatus } from '../../temporal/search-attributes.js';
import type { campaignWorkflow } from '../../workflows/campaign-workflow.js';

/** Stores a campaign with its flow pinned as version 1, as a launch does; returns its id. */
export async function storeLaunchedCampaign(database: Database, name: string, flow: FlowDocument): Promise<string> {
  const id = new Types.ObjectId();
  const now = new Date();
  await database.models.campaigns.create({
    _id: id,
    name,
    status: 'scheduled',
    draft: flow,
    draftUpdatedAt: now,
    launchedVersion: 1,
    versionCount: 1,
  });
  await database.models.campaignVersions.create({ _id: campaignVersionId(id.toHexString(), 1), campaignId: id.toHexString(), version: 1, flow, createdAt: now });
  return id.toHexString();
}

/** Starts a campaign's workflow on a task queue, with its search attributes, as the API's launch does. */
export function startCampaignWorkflow(client: Client, taskQueue: string, campaignId: string, name: string): Promise<WorkflowHandle<typeof campaignWorkflow>> {
  return client.workflow.start<typeof campaignWorkflow>('campaignWorkflow', {
    taskQueue,
    workflowId: campaignWorkflowId(campaignId),
    args: [{ campaignId, version: 1 }],
    typedSearchAttributes: [
      { key: CampaignId, value: campaignId },
      { key: CampaignName, value: name },
      { key: CampaignStatus, value: 'scheduled' },
    ],
  });
}

/** Customers with ids from `series` (so ids, and outcomes under a seeded vendor, repeat), all with a phone. */
export async function storeCustomers(database: Database, series: number, count: number, extra: (index: number) => Partial<Recipient> & Record<string, unknown> = () => ({})): Promise<Recipient[]> {
  const customers = Array.from({ length: count }, (_, index) => ({
    _id: new Types.ObjectId((series * 1_000_000 + index).toString(16).padStart(24, '0')),
    name: `Customer${index} Test`,
    email: `c${series}-${index}@example.com`,
    phone: `+9198${String(series).padStart(2, '0')}${String(index).padStart(6, '0')}`,
    city: 'Pune',
    totalSpend: index,
    orderCount: 0,
    visits: index % 10,
    lastOrderAt: null,
    attributes: {},
    ...extra(index),
  }));
  await database.models.customers.insertMany(customers.map((customer) => ({ ...customer, key: `ext:${customer._id.toHexString()}` })));
  return customers;
}
