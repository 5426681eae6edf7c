import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { VendorRejectedError, VendorUnavailableError } from '../vendor/client.js';
import { vendorFailureForTemporal } from './vendor-failures.js';

describe('vendor errors as Temporal sees them', () => {
  it('makes a refused request a non-retryable ApplicationFailure carrying the status and problem', () => {
    const failure = vendorFailureForTemporal(new VendorRejectedError('vendor refused the request: 400', 400, { title: 'Bad Request' }));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'VendorRejected', nonRetryable: true, details: [{ status: 400, problem: { title: 'Bad Request' } }] });
  });

  it('keeps an unavailable vendor retryable, no sooner than its Retry-After', () => {
    const failure = vendorFailureForTemporal(new VendorUnavailableError('vendor answered 503', { reason: 'status', status: 503, retryAfterMs: 5_000 }));
    expect(failure).toMatchObject({ type: 'VendorUnavailable', nonRetryable: false, nextRetryDelay: 5_000 });
    const timeout = vendorFailureForTemporal(new VendorUnavailableError('no answer within 10000 ms', { reason: 'timeout' }));
    expect(timeout).toMatchObject({ type: 'VendorUnavailable', nonRetryable: false });
    expect((timeout as ApplicationFailure).nextRetryDelay).toBeUndefined();
  });

  it('leaves other errors alone', () => {
    const error = new Error('database down');
    expect(vendorFailureForTemporal(error)).toBe(error);
  });
});
