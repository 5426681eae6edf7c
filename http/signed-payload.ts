import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the Unix time (seconds) at which a callback was signed. */
export const signatureTimestampHeader = 'X-Drumbeat-Timestamp';
/** Header carrying `v1=<hex HMAC-SHA256>`; several comma-separated while the sender rotates secrets. */
export const signatureHeader = 'X-Drumbeat-Signature';

/** HMAC-SHA256 over `<timestamp>.<body>`, hex. Binding the time into the MAC stops old bodies being re-dated. */
export function signPayload(secret: string, timestampSeconds: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.`).update(body).digest('hex');
}

/** The headers a sender attaches to a signed request. */
export function signatureHeaders(secret: string, body: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = Math.floor(nowMs / 1000);
  return { [signatureTimestampHeader]: String(timestamp), [signatureHeader]: `v1=${signPayload(secret, timestamp, body)}` };
}

/** Why a signature was refused. */
export type SignatureFault = 'missing' | 'malformed' | 'stale' | 'mismatch';

/**
 * Checks a signature against every accepted secret in constant time and the timestamp against a
 * tolerance (both directions: clocks drift). Returns the matching signature, or why it failed.
 */
export function verifyPayload(
  secrets: readonly string[],
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string | Buffer,
  toleranceMs: number,
  nowMs = Date.now(),
): { ok: true; signature: string } | { ok: false; fault: SignatureFault } {
  if (!headers.timestamp || !headers.signature) return { ok: false, fault: 'missing' };
  if (!/^\d{1,12}$/.test(headers.timestamp)) return { ok: false, fault: 'malformed' };
  const timestamp = Number(headers.timestamp);
  if (Math.abs(nowMs - timestamp * 1000) > toleranceMs) return { ok: false, fault: 'stale' };
  const presented = headers.signature
    .split(',')
    .map((part) => /^\s*v1=([0-9a-f]{64})\s*$/.exec(part)?.[1])
    .filter((value): value is string => value !== undefined);
  if (presented.length === 0) return { ok: false, fault: 'malformed' };
  for (const secret of secrets) {
    const expected = Buffer.from(signPayload(secret, timestamp, body), 'hex');
    for (const candidate of presented) {
      if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) return { ok: true, signature: candidate };
    }
  }
  return { ok: false, fault: 'mismatch' };
}
