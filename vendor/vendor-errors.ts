/** Why a vendor call may succeed if tried again later. */
export type VendorUnavailableReason = 'timeout' | 'network' | 'status' | 'invalid_answer';

/**
 * The vendor could not be reached or did not answer usefully: a timeout, a network error, a 5xx or
 * 429, or an answer that is not the vendor's API. Retryable: sends are idempotent by message id.
 */
export class VendorUnavailableError extends Error {
  readonly retryable = true;
  readonly reason: VendorUnavailableReason;
  /** The HTTP status, when the vendor answered. */
  readonly status: number | undefined;
  /** The vendor's Retry-After, in ms, when it gave one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: { reason: VendorUnavailableReason; status?: number; retryAfterMs?: number; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'VendorUnavailableError';
    this.reason = details.reason;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/**
 * The vendor refused the request itself (a 4xx other than 429: bad key, malformed batch). Trying
 * again cannot help; `problem` is the vendor's problem+json body (or its text).
 */
export class VendorRejectedError extends Error {
  readonly retryable = false;

  constructor(
    message: string,
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(message);
    this.name = 'VendorRejectedError';
  }
}

/** True for errors worth retrying (VendorUnavailableError); false for VendorRejectedError and anything else. */
export function isRetryableVendorError(error: unknown): error is VendorUnavailableError {
  return error instanceof VendorUnavailableError;
}
