import { Runtime } from '@temporalio/worker';
import { loadWorkerConfig } from '../../config/worker.js';
import { openDatabase } from '../../db/open.js';
import { createSegmentFieldSource } from '../../db/segment-fields.js';
import { createVendorClient } from '../../vendor/client.js';
import { createLogger } from '../../observability/logger.js';
import { temporalLoggerFrom } from '../../observability/temporal-logger.js';
import { RedisConnections } from '../../streams/redis.js';
import { connectTemporalClient } from '../../temporal/client.js';
import { ensureSearchAttributes } from '../../temporal/ensure-search-attributes.js';
import { defaultWorkflowBundlePath, ensureFreshWorkflowBundle } from '../../temporal/workflow-bundle.js';
import { createDrumbeatWorker } from '../../temporal/worker.js';
import { runRole } from '../lifecycle.js';
import { runningFromSources } from '../runtime-mode.js';

/** `drumbeat worker`: runs campaign workflows and their activities on the task queue. */
export async function workerRole(): Promise<void> {
  const config = loadWorkerConfig();
  const logger = createLogger({ role: 'worker', level: config.logLevel });
  // We handle signals ourselves so the worker drains before the database closes.
  Runtime.install({ logger: temporalLoggerFrom(logger), shutdownSignals: [] });

  await runRole('worker', logger, async () => {
    const bundlePath = config.workflowBundlePath ?? defaultWorkflowBundlePath();
    const workflowBundlePath = runningFromSources() ? await ensureFreshWorkflowBundle(bundlePath, logger) : bundlePath;

    const admin = await connectTemporalClient(config.services.temporalAddress, config.temporalNamespace);
    try {
      const added = await ensureSearchAttributes(admin.connection, config.temporalNamespace);
      if (added.length > 0) logger.info({ added }, 'registered search attributes');
    } finally {
      await admin.close();
    }

    const database = await openDatabase(config.services.mongoUri);
    const redis = new RedisConnections(config.services.redisUrl, logger, config.services.redisKeyPrefix);
    const { worker, connection } = await createDrumbeatWorker({
      address: config.services.temporalAddress,
      namespace: config.temporalNamespace,
      taskQueue: config.temporalTaskQueue,
      workflowBundlePath,
      shutdownGraceMs: config.shutdownGraceMs,
      activityDeps: {
        models: database.models,
        redis: redis.get('commands'),
        vendor: createVendorClient({ baseUrl: config.vendor.url, apiKey: config.vendor.apiKey, timeoutMs: config.vendor.timeoutMs }),
        fields: createSegmentFieldSource({ customers: database.models.customers, declared: config.segmentAttributes }),
        frequencyCap: config.frequencyCap,
        conversionWindowMs: config.conversionWindowMs,
      },
    });
    let closing = false;
    const running = worker.run();
    running.catch((error: unknown) => {
      if (closing) return;
      // A worker that cannot poll is useless: exit so the supervisor or orchestrator restarts it.
      logger.fatal({ err: error }, 'worker stopped unexpectedly');
      process.exit(1);
    });
    return {
      close: async () => {
        closing = true;
        worker.shutdown();
        await running.catch(() => {});
        await Promise.allSettled([connection.close(), database.close(), redis.close()]);
      },
    };
  });
}
