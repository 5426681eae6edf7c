// The workflow bundle's entry point: every workflow the worker runs is exported here.
export { diagnosticsWorkflow } from './diagnostics.js';
export { campaignWorkflow } from './campaign-workflow.js';
