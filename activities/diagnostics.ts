import { performance } from 'node:perf_hooks';
import { Context } from '@temporalio/activity';
import type { Redis } from 'ioredis';
import type { Models } from '../db/models.js';
import { diagnosticsStream, type DiagnosticsEntry } from '../streams/diagnostics-consumer.js';
import { appendToStream } from '../streams/entries.js';

export interface ProbeServicesInput {
  probeId: string;
}

export interface ServiceRoundTrip {
  ok: true;
  latencyMs: number;
}

export interface ProbeServicesResult {
  workerIdentity: string;
  attempt: number;
  mongo: ServiceRoundTrip & { storedAttempts: number };
  redis: ServiceRoundTrip & { streamEntryId: string };
}

export interface DiagnosticsDeps {
  models: Pick<Models, 'diagnosticProbes'>;
  redis: Redis;
}

/** Activities that prove a worker reaches MongoDB and Redis, for `drumbeat doctor` and the test suite. */
export function createDiagnosticsActivities(deps: DiagnosticsDeps) {
  return {
    /** Writes and reads back one probe document and appends the probe to the diagnostics stream; idempotent per probe id. */
    async probeServices(input: ProbeServicesInput): Promise<ProbeServicesResult> {
      const { info } = Context.current();
      const workerIdentity = `${process.pid}@${info.taskQueue}`;

      const mongoStarted = performance.now();
      await deps.models.diagnosticProbes.updateOne(
        { probeId: input.probeId },
        {
          $setOnInsert: { probeId: input.probeId, workflowId: info.workflowExecution?.workflowId ?? 'standalone' },
          $set: { workerIdentity },
          $inc: { attempts: 1 },
        },
        { upsert: true },
      );
      const stored = await deps.models.diagnosticProbes.findOne({ probeId: input.probeId }).lean();
      if (!stored) throw new Error(`probe ${input.probeId} was written but cannot be read back`);
      const mongoLatency = performance.now() - mongoStarted;

      // The probe travels on to the consumers role through the same kind of stream ingestion uses.
      const redisStarted = performance.now();
      const [streamEntryId] = await appendToStream(deps.redis, diagnosticsStream, [
        { probeId: input.probeId, sentAt: new Date().toISOString() } satisfies DiagnosticsEntry,
      ]);
      const redisLatency = performance.now() - redisStarted;

      return {
        workerIdentity,
        attempt: info.attempt,
        mongo: { ok: true, latencyMs: round(mongoLatency), storedAttempts: stored.attempts },
        redis: { ok: true, latencyMs: round(redisLatency), streamEntryId: streamEntryId ?? '' },
      };
    },
  };
}

export type DiagnosticsActivities = ReturnType<typeof createDiagnosticsActivities>;

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
