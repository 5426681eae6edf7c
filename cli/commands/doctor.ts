import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadWorkerConfig } from '../../config/worker.js';
import { openDatabase } from '../../db/open.js';
import { diagnosticsWorkflowId } from '../../domain/workflow-ids.js';
import { readServicesEnv } from '../../services/services-env.js';
import { connectTemporalClient } from '../../temporal/client.js';
import type { diagnosticsWorkflow } from '../../workflows/diagnostics.js';

const workflowTimeoutMs = 60_000;
const consumedTimeoutMs = 30_000;

/**
 * `drumbeat doctor`: runs one probe through the whole running system — Temporal → worker → activity
 * → MongoDB and a Redis stream → the consumers role → MongoDB — and reports each hop, or the first
 * that failed. Finds the services from the environment or from a running `npm start`.
 */
export async function doctorCommand(): Promise<void> {
  const recorded = await readServicesEnv(process.env.DRUMBEAT_DATA_DIR ?? '.data');
  const config = loadWorkerConfig({ ...recorded, ...process.env });
  const probeId = randomUUID();
  const say = (line: string): boolean => process.stdout.write(`${line}\n`);

  const temporal = await connectTemporalClient(config.services.temporalAddress, config.temporalNamespace);
  const database = await openDatabase(config.services.mongoUri);
  try {
    say(`probe ${probeId} → task queue ${config.temporalTaskQueue}`);
    const result = await temporal.client.workflow.execute<typeof diagnosticsWorkflow>('diagnosticsWorkflow', {
      taskQueue: config.temporalTaskQueue,
      workflowId: diagnosticsWorkflowId(probeId),
      args: [{ probeId }],
      workflowExecutionTimeout: workflowTimeoutMs,
    });
    say(`✔ worker ${result.probe.workerIdentity} ran the workflow and its activity`);
    say(`✔ MongoDB round trip from the worker: ${result.probe.mongo.latencyMs} ms`);
    say(`✔ Redis stream append from the worker: ${result.probe.redis.latencyMs} ms (entry ${result.probe.redis.streamEntryId})`);
    const deadline = Date.now() + consumedTimeoutMs;
    for (;;) {
      const probe = await database.models.diagnosticProbes.findOne({ probeId }).lean();
      if (probe?.consumedAt) {
        say(`✔ consumers role persisted the stream entry after ${probe.consumedAt.getTime() - probe.createdAt.getTime()} ms`);
        break;
      }
      if (Date.now() > deadline) throw new Error('the consumers role did not consume the probe within 30 s: is `drumbeat consumers` running?');
      await sleep(200);
    }
    say('All checks passed.');
  } finally {
    await Promise.allSettled([temporal.close(), database.close()]);
  }
}
