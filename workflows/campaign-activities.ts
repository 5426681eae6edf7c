import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { CampaignActivities } from '../activities/campaign/campaign-activity-types.js';

// Every activity the campaign workflow calls, with its timeouts and retry policy. Retries are
// unlimited unless an error says it is permanent (an invalid flow, a request the vendor refuses):
// an outage of the vendor or the database delays a campaign, it does not fail it.

const permanent = ['InvalidFlow', 'VendorRejected'];

/** Loading the run and reporting status: quick reads and writes. */
export const control = proxyActivities<Pick<CampaignActivities, 'loadCampaignRun' | 'setCampaignStatus'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: permanent },
});

/** The audience snapshot: long for a large audience, so it heartbeats and resumes where it stopped. */
export const audience = proxyActivities<Pick<CampaignActivities, 'snapshotAudience'>>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', nonRetryableErrorTypes: permanent },
});

/** Sending a chunk: heartbeats carry how far it got, so a retry resumes instead of starting over. */
export const sending = proxyActivities<Pick<CampaignActivities, 'sendChunk'>>({
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '2 minutes', nonRetryableErrorTypes: permanent },
});

/** Splits, tags and best-hour buckets: reads and writes over one chunk. */
export const cohort = proxyActivities<Pick<CampaignActivities, 'splitChunk' | 'tagChunk' | 'bucketByBestHour'>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: permanent },
});

/** Time-zone arithmetic, outside the sandbox (and recorded) so a change of time-zone data cannot break replay. */
export const clock = proxyLocalActivities<Pick<CampaignActivities, 'releaseAfterQuietHours'>>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 5 },
});
