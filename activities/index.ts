import { createCampaignActivities, type CampaignDeps } from './campaign/index.js';
import { createDiagnosticsActivities, type DiagnosticsDeps } from './diagnostics.js';

export type ActivityDeps = DiagnosticsDeps & CampaignDeps;

/** Every activity the worker registers, built from explicit dependencies so tests can supply their own. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDiagnosticsActivities(deps),
    ...createCampaignActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
