import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { DiagnosticsActivities, ProbeServicesResult } from '../activities/diagnostics.js';

export interface DiagnosticsInput {
  probeId: string;
}

export interface DiagnosticsResult {
  probeId: string;
  workflowId: string;
  taskQueue: string;
  probe: ProbeServicesResult;
}

const { probeServices } = proxyActivities<DiagnosticsActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 3 },
});

/** Proves the whole path client → Temporal → worker → activity → MongoDB and Redis, and reports it. */
export async function diagnosticsWorkflow(input: DiagnosticsInput): Promise<DiagnosticsResult> {
  const info = workflowInfo();
  const probe = await probeServices({ probeId: input.probeId });
  return { probeId: input.probeId, workflowId: info.workflowId, taskQueue: info.taskQueue, probe };
}
