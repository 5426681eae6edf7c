import { ApplicationFailure } from '@temporalio/common';
import { VendorRejectedError, VendorUnavailableError } from '../vendor/client.js';

/**
 * How a vendor error reaches Temporal from an activity. A refused request (4xx) is a non-retryable
 * ApplicationFailure: trying again sends the same request and gets the same answer, so the workflow
 * hears of it at once. An unavailable vendor stays retryable under the activity's retry policy, waiting
 * at least as long as the vendor's Retry-After. Anything else is left as it is.
 */
export function vendorFailureForTemporal(error: unknown): unknown {
  if (error instanceof VendorRejectedError) {
    return ApplicationFailure.create({
      type: 'VendorRejected',
      message: error.message,
      nonRetryable: true,
      details: [{ status: error.status, problem: error.problem }],
      cause: error,
    });
  }
  if (error instanceof VendorUnavailableError) {
    return ApplicationFailure.create({
      type: 'VendorUnavailable',
      message: error.message,
      nonRetryable: false,
      details: [{ reason: error.reason, status: error.status ?? null }],
      ...(error.retryAfterMs !== undefined ? { nextRetryDelay: error.retryAfterMs } : {}),
      cause: error,
    });
  }
  return error;
}
