import type { VendorStats } from '../domain/vendor-api.js';

/** The vendor's running counters, mutated by the intake and the receipt dispatcher. */
export interface VendorCounters {
  uniqueMessages: number;
  duplicatesSeen: number;
  delivered: number;
  failed: number;
  rejected: number;
  receiptsSent: number;
  receiptsPending: number;
  duplicatesSent: number;
  contradictionsSent: number;
  batchesSent: number;
  failedAttempts: number;
}

/** Counters at zero. */
export function createVendorCounters(): VendorCounters {
  return {
    uniqueMessages: 0,
    duplicatesSeen: 0,
    delivered: 0,
    failed: 0,
    rejected: 0,
    receiptsSent: 0,
    receiptsPending: 0,
    duplicatesSent: 0,
    contradictionsSent: 0,
    batchesSent: 0,
    failedAttempts: 0,
  };
}

/** The `GET /v1/stats` document of the counters. */
export function statsOf(counters: VendorCounters): VendorStats {
  return {
    uniqueMessages: counters.uniqueMessages,
    duplicatesSeen: counters.duplicatesSeen,
    delivered: counters.delivered,
    failed: counters.failed,
    rejected: counters.rejected,
    receipts: {
      sent: counters.receiptsSent,
      pending: counters.receiptsPending,
      duplicatesSent: counters.duplicatesSent,
      contradictionsSent: counters.contradictionsSent,
      batchesSent: counters.batchesSent,
      failedAttempts: counters.failedAttempts,
    },
  };
}
