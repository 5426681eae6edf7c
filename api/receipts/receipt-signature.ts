import type { Redis } from 'ioredis';
import type { Context } from 'koa';
import { signatureRejected } from '../../http/errors/catalogue.js';
import { signatureHeader, signatureTimestampHeader, verifyPayload, type SignatureFault } from '../../http/signed-payload.js';

/** Receipts signed longer ago than this (or this far in the future) are refused. */
export const receiptSignatureToleranceMs = 5 * 60_000;

const faultMessages: Record<SignatureFault | 'replayed' | 'no_body', string> = {
  missing: `Sign the request: ${signatureTimestampHeader} and ${signatureHeader} headers are required.`,
  malformed: `${signatureHeader} must be "v1=<hex HMAC-SHA256>" and ${signatureTimestampHeader} Unix seconds.`,
  stale: 'The signature timestamp is more than 5 minutes away from our clock.',
  mismatch: 'The signature does not match the body.',
  replayed: 'This signature was already used; sign each delivery afresh.',
  no_body: 'A signed JSON body is required.',
};

/**
 * Verifies the vendor's HMAC over timestamp and raw body with any accepted secret, and remembers
 * each accepted signature for twice the tolerance so the same request cannot be replayed.
 */
export function createReceiptSignatureCheck(deps: { secrets: readonly string[]; redis: Redis; now?: () => number }): (ctx: Context) => Promise<void> {
  const now = deps.now ?? Date.now;
  return async (ctx) => {
    const rawBody = (ctx.request as { rawBody?: string }).rawBody;
    if (typeof rawBody !== 'string') throw signatureRejected(faultMessages.no_body);
    const result = verifyPayload(
      deps.secrets,
      { timestamp: ctx.get(signatureTimestampHeader) || undefined, signature: ctx.get(signatureHeader) || undefined },
      rawBody,
      receiptSignatureToleranceMs,
      now(),
    );
    if (!result.ok) {
      ctx.state.log.warn({ fault: result.fault }, 'receipt signature refused');
      throw signatureRejected(faultMessages[result.fault]);
    }
    const firstUse = await deps.redis.set(`receipt-signature:${result.signature}`, '1', 'PX', 2 * receiptSignatureToleranceMs, 'NX');
    if (firstUse === null) {
      ctx.state.log.warn('receipt signature replayed');
      throw signatureRejected(faultMessages.replayed);
    }
  };
}
