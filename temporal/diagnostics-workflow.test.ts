import { randomUUID } from 'node:crypto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { diagnosticsWorkflowId } from '../domain/workflow-ids.js';
import { diagnosticsStream } from '../streams/diagnostics-consumer.js';
import { useTestDatabase } from '../test/helpers/database.js';
import { useTestRedis } from '../test/helpers/redis.js';
import { testServices } from '../test/helpers/services.js';
import { connectTestClient, testActivityDeps, withTestWorker } from '../test/helpers/worker.js';
import type { diagnosticsWorkflow } from '../workflows/diagnostics.js';

const database = useTestDatabase();
const redis = useTestRedis();

describe('diagnosticsWorkflow on a real worker and Temporal server', () => {
  it('runs its activity against MongoDB and Redis and returns what it measured', async () => {
    const probeId = randomUUID();
    const { client, close } = await connectTestClient();
    try {
      const result = await withTestWorker(testActivityDeps(database(), redis), (taskQueue) =>
        client.workflow.execute<typeof diagnosticsWorkflow>('diagnosticsWorkflow', {
          taskQueue,
          workflowId: diagnosticsWorkflowId(probeId),
          args: [{ probeId }],
          workflowExecutionTimeout: '30 seconds',
        }),
      );

      expect(result.workflowId).toBe(`diagnostics-${probeId}`);
      expect(result.taskQueue).toMatch(/^test-/);
      expect(result.probe.mongo.storedAttempts).toBe(1);
      const stored = await database().models.diagnosticProbes.findOne({ probeId }).lean();
      expect(stored?.workflowId).toBe(result.workflowId);
      const entries = await redis.xrange(diagnosticsStream, result.probe.redis.streamEntryId, result.probe.redis.streamEntryId);
      expect(JSON.parse(entries[0]?.[1][1] ?? '{}')).toMatchObject({ probeId });

      // The history is on the server: the run completed there, not just in this process.
      const description = await client.workflow.getHandle(diagnosticsWorkflowId(probeId)).describe();
      expect(description.status.name).toBe('COMPLETED');
    } finally {
      await close();
    }
  });

  it('refuses a second start with the same probe id while keeping the first result', async () => {
    const probeId = randomUUID();
    const { client, close } = await connectTestClient();
    try {
      await withTestWorker(testActivityDeps(database(), redis), async (taskQueue) => {
        const options = { taskQueue, workflowId: diagnosticsWorkflowId(probeId), args: [{ probeId }] as const };
        await client.workflow.execute<typeof diagnosticsWorkflow>('diagnosticsWorkflow', { ...options, args: [{ probeId }] });
        await expect(
          client.workflow.start<typeof diagnosticsWorkflow>('diagnosticsWorkflow', {
            ...options,
            args: [{ probeId }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        ).rejects.toThrow(/already/i);
      });
      expect(await database().models.diagnosticProbes.countDocuments({ probeId })).toBe(1);
    } finally {
      await close();
    }
  });

  it('replays its recorded history deterministically with the current bundle', async () => {
    const probeId = randomUUID();
    const { client, close } = await connectTestClient();
    try {
      await withTestWorker(testActivityDeps(database(), redis), (taskQueue) =>
        client.workflow.execute<typeof diagnosticsWorkflow>('diagnosticsWorkflow', { taskQueue, workflowId: diagnosticsWorkflowId(probeId), args: [{ probeId }] }),
      );
      const history = await client.workflow.getHandle(diagnosticsWorkflowId(probeId)).fetchHistory();
      expect(history.events?.length).toBeGreaterThan(5);
      // Throws DeterminismViolationError if today's code would make different decisions for this history.
      await Worker.runReplayHistory({ workflowBundle: { codePath: testServices().workflowBundlePath } }, history, diagnosticsWorkflowId(probeId));
    } finally {
      await close();
    }
  });
});
