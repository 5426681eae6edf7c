import type { Connection } from 'mongoose';
import { apiKeyModel } from './models/api-key.js';
import { auditEventModel } from './models/audit-event.js';
import { campaignModel } from './models/campaign.js';
import { campaignChunkModel } from './models/campaign-chunk.js';
import { campaignConversionModel } from './models/campaign-conversion.js';
import { campaignVersionModel } from './models/campaign-version.js';
import { communicationLogModel } from './models/communication-log.js';
import { customerModel } from './models/customer.js';
import { customerLedgerModel } from './models/customer-ledger.js';
import { deliveryCountersModel } from './models/delivery-counters.js';
import { ingestionModel } from './models/ingestion.js';
import { orderModel } from './models/order.js';
import { segmentModel } from './models/segment.js';
import { diagnosticProbeModel } from './models/diagnostic-probe.js';
import { systemFlagModel } from './models/system-flag.js';
import { userModel } from './models/user.js';

/** Every model of the application, bound to one connection. */
export function registerModels(connection: Connection) {
  return {
    diagnosticProbes: diagnosticProbeModel(connection),
    users: userModel(connection),
    apiKeys: apiKeyModel(connection),
    auditEvents: auditEventModel(connection),
    systemFlags: systemFlagModel(connection),
    customers: customerModel(connection),
    customerLedgers: customerLedgerModel(connection),
    orders: orderModel(connection),
    ingestions: ingestionModel(connection),
    segments: segmentModel(connection),
    communicationLog: communicationLogModel(connection),
    deliveryCounters: deliveryCountersModel(connection),
    campaigns: campaignModel(connection),
    campaignVersions: campaignVersionModel(connection),
    campaignChunks: campaignChunkModel(connection),
    campaignConversions: campaignConversionModel(connection),
  };
}

export type Models = ReturnType<typeof registerModels>;

/** Creates the declared indexes of every model; safe to run at every start (existing ones are kept). */
export async function ensureIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
}
