// Workflow ids come from business keys through these pure functions, so starting the same thing
// twice finds the running workflow instead of creating a second one.

/** The workflow id of one `drumbeat doctor` probe. */
export function diagnosticsWorkflowId(probeId: string): string {
  return `diagnostics-${probeId}`;
}

/** The workflow id of a campaign: one workflow per campaign, so a second launch finds the first. */
export function campaignWorkflowId(campaignId: string): string {
  return `campaign-${campaignId}`;
}
