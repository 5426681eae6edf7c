import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { receiptsStream } from '../../domain/receipts.js';
import { signatureHeaders, signPayload } from '../../http/signed-payload.js';
import { decodeEntries } from '../../streams/entries.js';
import { useTestApi } from '../../test/helpers/api.js';
import { useTestRedis } from '../../test/helpers/redis.js';

const currentSecret = 'current-receipts-secret-0123456789abcdef';
const previousSecret = 'previous-receipts-secret-0123456789abcdef';
const api = useTestApi({ RECEIPTS_SIGNING_SECRET: `${currentSecret},${previousSecret}` });
const redis = useTestRedis();

function receiptBody(): { body: string; messageId: string } {
  const messageId = `msg-${randomUUID()}`;
  return { messageId, body: JSON.stringify({ messageId, status: 'DELIVERED', at: new Date().toISOString() }) };
}

async function post(body: string, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${api().url}/api/delivery-receipts`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function queuedMessageIds(): Promise<string[]> {
  const entries = decodeEntries(await redis.xrange(receiptsStream, '-', '+'));
  return entries.map((entry) => (JSON.parse(entry.data ?? '{}') as { messageId?: string }).messageId ?? '');
}

describe('POST /api/delivery-receipts (HMAC-signed by the vendor)', () => {
  it('accepts a correctly signed receipt and a signed batch, and queues them on the receipts stream', async () => {
    const single = receiptBody();
    const accepted = await post(single.body, signatureHeaders(currentSecret, single.body));
    expect(accepted).toEqual({ status: 202, json: { accepted: 1 } });

    const ids = [`msg-${randomUUID()}`, `msg-${randomUUID()}`];
    const batch = JSON.stringify({ receipts: ids.map((messageId) => ({ messageId, status: 'FAILED', at: new Date().toISOString(), reason: 'handset off' })) });
    expect((await post(batch, signatureHeaders(currentSecret, batch))).json).toEqual({ accepted: 2 });
    expect(await queuedMessageIds()).toEqual(expect.arrayContaining([single.messageId, ...ids]));
  });

  it('accepts the previous secret while it is being rotated out', async () => {
    const { body } = receiptBody();
    expect((await post(body, signatureHeaders(previousSecret, body))).status).toBe(202);
  });

  it('refuses a wrong secret, a tampered body, a stale or future timestamp, a replay and no signature, with 401', async () => {
    const { body, messageId } = receiptBody();
    const wrongSecret = await post(body, signatureHeaders('some-other-secret-0123456789abcdefgh', body));
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.json.code).toBe('signature_rejected');

    const signed = signatureHeaders(currentSecret, body);
    const tampered = await post(body.replace('DELIVERED', 'FAILED'), signed);
    expect(tampered.status).toBe(401);

    const sixMinutesAgo = Date.now() - 6 * 60_000;
    expect((await post(body, signatureHeaders(currentSecret, body, sixMinutesAgo))).status).toBe(401);
    const sixMinutesAhead = Date.now() + 6 * 60_000;
    expect((await post(body, signatureHeaders(currentSecret, body, sixMinutesAhead))).status).toBe(401);

    // Re-dating an old signature does not work either: the timestamp is inside the MAC.
    const oldTimestamp = Math.floor(sixMinutesAgo / 1000);
    const redated = await post(body, { 'X-Drumbeat-Timestamp': String(Math.floor(Date.now() / 1000)), 'X-Drumbeat-Signature': `v1=${signPayload(currentSecret, oldTimestamp, body)}` });
    expect(redated.status).toBe(401);

    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { 'X-Drumbeat-Timestamp': 'soon', 'X-Drumbeat-Signature': 'md5=abc' })).status).toBe(401);

    expect((await post(body, signed)).status).toBe(202);
    const replay = await post(body, signed);
    expect(replay.status).toBe(401);
    expect(String(replay.json.detail)).toMatch(/already used/);
    expect((await queuedMessageIds()).filter((id) => id === messageId)).toHaveLength(1);
  });

  it('validates a signed body after the signature: bad receipts get 400 naming the fields', async () => {
    const body = JSON.stringify({ receipts: [{ messageId: '', status: 'LOST', at: 'yesterday' }] });
    const response = await post(body, signatureHeaders(currentSecret, body));
    expect(response.status).toBe(400);
    const paths = (response.json.errors as Array<{ path: string }>).map((error) => error.path);
    expect(paths.length).toBeGreaterThan(0);
  });
});
