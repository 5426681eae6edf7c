import { afterAll, beforeAll } from 'vitest';
import type { Client } from '@temporalio/client';
import type { ActivityDeps } from '../../activities/index.js';
import { createLogger } from '../../observability/logger.js';
import { RedisConnections } from '../../streams/redis.js';
import { createVendorClient, type VendorClient } from '../../vendor/client.js';
import { useIngestion, type IngestionHarness } from '../helpers/ingestion.js';
import { testServices } from '../helpers/services.js';
import { startVendorProcess, type VendorProcess } from '../helpers/vendor.js';
import { connectTestClient, testActivityDeps } from '../helpers/worker.js';

/** Everything a campaign needs, real: API and consumers, the vendor process sending receipts to the API, and a Temporal client. */
export interface CampaignHarness {
  ingestion: IngestionHarness;
  vendor: VendorProcess;
  vendorClient: VendorClient;
  client: Client;
  /** Activity dependencies over the harness's database, Redis key prefix and vendor. */
  activityDeps(overrides?: Partial<Pick<ActivityDeps, 'frequencyCap'>>): ActivityDeps;
}

/** Sets up a campaign harness for a test file; the vendor is seeded so outcomes repeat. */
export function useCampaignHarness(vendorEnv: Record<string, string> = {}): () => CampaignHarness {
  const ingestion = useIngestion();
  let harness: CampaignHarness | undefined;
  let connections: RedisConnections | undefined;
  let closeClient: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const vendor = await startVendorProcess({
      VENDOR_RECEIPT_URL: `${ingestion().api.url}/api/delivery-receipts`,
      VENDOR_SEED: 'campaign-tests',
      VENDOR_RECEIPT_DELAY: '100ms',
      ...vendorEnv,
    });
    connections = new RedisConnections(testServices().redisUrl, createLogger({ role: 'test', level: 'silent' }), ingestion().redisKeyPrefix);
    const redis = connections.get('commands');
    const { client, close } = await connectTestClient();
    closeClient = close;
    const vendorClient = createVendorClient({ baseUrl: vendor.url, apiKey: vendor.apiKey, timeoutMs: 5_000 });
    harness = {
      ingestion: ingestion(),
      vendor,
      vendorClient,
      client,
      activityDeps: (overrides = {}) => ({ ...testActivityDeps(ingestion().database, redis, { vendor: vendorClient }), ...overrides }),
    };
  });
  afterAll(async () => {
    await harness?.vendor.stop();
    await closeClient?.();
    await connections?.close();
  });
  return () => {
    if (!harness) throw new Error('useCampaignHarness(): set up in beforeAll');
    return harness;
  };
}
