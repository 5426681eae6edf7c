import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { forkRole } from '../../cli/role-process.js';
import { developmentReceiptsSecret } from '../../config/auth.js';
import { deliveryReceiptsBodySchema, type DeliveryReceipt } from '../../domain/receipts.js';
import { vendorChaosSchema, type VendorChaos, type VendorChaosUpdate } from '../../domain/vendor-api.js';
import { signatureHeader, signatureTimestampHeader, verifyPayload } from '../../http/signed-payload.js';

/** The vendor role running as its own process. */
export interface VendorProcess {
  url: string;
  apiKey: string;
  /** SIGTERM, as a deployment stops it (SIGKILL after 10 s); resolves with the exit code once it exited. */
  stop(): Promise<number | null>;
  /** SIGKILL: the vendor dies without a chance to clean up. */
  kill(): Promise<void>;
}

/**
 * Starts `drumbeat vendor` (the real role, through bin/drumbeat.js) on a free port with a fresh API
 * key and the environment given, and resolves once it reports ready over IPC with its URL. The caller
 * stops it (afterAll); if the test process dies, the closed IPC channel stops the vendor too.
 */
export async function startVendorProcess(env: Record<string, string> = {}): Promise<VendorProcess> {
  const apiKey = env.VENDOR_API_KEY ?? `test-${randomBytes(16).toString('hex')}`;
  const role = forkRole(
    'vendor',
    { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', HOST: '127.0.0.1', VENDOR_PORT: '0', VENDOR_API_KEY: apiKey, ...env },
    60_000,
  );
  const ready = await role.ready;
  if (!ready.url) throw new Error('the vendor reported ready without a URL');
  return {
    url: ready.url,
    apiKey,
    stop: async () => {
      await role.stop(10_000);
      return role.exited;
    },
    kill: async () => {
      if (role.child.exitCode !== null || role.child.signalCode !== null) return;
      try {
        process.kill(-role.child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await role.exited;
    },
  };
}

/** A request to the vendor's API with its key (or the one given; null sends none). */
export function vendorRequest(
  vendor: Pick<VendorProcess, 'url' | 'apiKey'>,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: { body?: unknown; apiKey?: string | null } = {},
): Promise<Response> {
  const key = options.apiKey === undefined ? vendor.apiKey : options.apiKey;
  return fetch(`${vendor.url}${path}`, {
    method,
    headers: { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...(options.body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
}

/** Changes the vendor's chaos settings at runtime and returns those in force. */
export async function setVendorChaos(vendor: Pick<VendorProcess, 'url' | 'apiKey'>, update: VendorChaosUpdate): Promise<VendorChaos> {
  const response = await vendorRequest(vendor, 'PUT', '/v1/chaos', { body: update });
  if (response.status !== 200) throw new Error(`PUT /v1/chaos answered ${response.status}: ${await response.text()}`);
  return vendorChaosSchema.parse(await response.json());
}

/** A stand-in for the CRM's receipts webhook that checks signatures like the CRM does. */
export interface ReceiptSink {
  /** The URL to give the vendor as VENDOR_RECEIPT_URL. */
  url: string;
  /** Every receipt accepted, in arrival order. */
  receipts: DeliveryReceipt[];
  /** Every accepted request's receipts, one entry per request. */
  batches: DeliveryReceipt[][];
  /** Requests refused for a missing, wrong, stale or replayed signature, or an invalid body. */
  refused: { signature: number; replayed: number; invalidBody: number };
  /** Requests answered with a failure on purpose (failNext). */
  failedOnPurpose: number;
  /** Answers the next `count` requests with `status` (503 by default) without recording them. */
  failNext(count: number, status?: number): void;
  /** Receipts of one message, in arrival order. */
  receiptsOf(messageId: string): DeliveryReceipt[];
  close(): Promise<void>;
}

/**
 * Starts a receipt sink on a free port: it verifies `X-Drumbeat-Signature` with `verifyPayload`
 * (the development secret unless others are given), refuses a signature it has seen before as the
 * CRM's replay guard does, validates the body with the CRM's schema, and records what it accepts.
 */
export async function startReceiptSink(options: { secrets?: string[] } = {}): Promise<ReceiptSink> {
  const secrets = options.secrets ?? [developmentReceiptsSecret];
  const seenSignatures = new Set<string>();
  let failures: { remaining: number; status: number } = { remaining: 0, status: 503 };
  const sink: ReceiptSink = {
    url: '',
    receipts: [],
    batches: [],
    refused: { signature: 0, replayed: 0, invalidBody: 0 },
    failedOnPurpose: 0,
    failNext: (count, status = 503) => {
      failures = { remaining: count, status };
    },
    receiptsOf: (messageId) => sink.receipts.filter((receipt) => receipt.messageId === messageId),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };

  const handle = async (request: IncomingMessage): Promise<number> => {
    const body = await readBody(request);
    if (failures.remaining > 0) {
      failures.remaining -= 1;
      sink.failedOnPurpose += 1;
      return failures.status;
    }
    const verdict = verifyPayload(
      secrets,
      { timestamp: header(request, signatureTimestampHeader), signature: header(request, signatureHeader) },
      body,
      5 * 60_000,
    );
    if (!verdict.ok) {
      sink.refused.signature += 1;
      return 401;
    }
    if (seenSignatures.has(verdict.signature)) {
      sink.refused.replayed += 1;
      return 401;
    }
    seenSignatures.add(verdict.signature);
    const parsed = deliveryReceiptsBodySchema.safeParse(JSON.parse(body));
    if (!parsed.success) {
      sink.refused.invalidBody += 1;
      return 400;
    }
    const receipts = 'receipts' in parsed.data ? parsed.data.receipts : [parsed.data];
    sink.batches.push(receipts);
    sink.receipts.push(...receipts);
    return 202;
  };

  const server = createServer((request, response) => {
    handle(request).then(
      (status) => response.writeHead(status, { 'content-type': 'application/json' }).end('{}'),
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  sink.url = `http://127.0.0.1:${port}/api/delivery-receipts`;
  return sink;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
