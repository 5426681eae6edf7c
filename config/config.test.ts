import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './api.js';
import { ConfigError } from './load.js';
import { loadSupervisorConfig } from './supervisor.js';
import { developmentVendorApiKey, loadVendorConfig } from './vendor.js';
import { loadWorkerConfig } from './worker.js';

const services = { MONGODB_URI: 'mongodb://127.0.0.1:27017/drumbeat', REDIS_URL: 'redis://127.0.0.1:6379', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('defaults PORT to 3000 and the data directory to .data', () => {
    const api = loadApiConfig({ ...services });
    expect(api.port).toBe(3000);
    expect(api.host).toBe('127.0.0.1');
    expect(loadSupervisorConfig({}).dataDir).toMatch(/\/\.data$/);
  });

  it('names every missing service URL of a role started on its own', () => {
    const problems = problemsOf(() => loadWorkerConfig({}));
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/MONGODB_URI is not set.*\n.*REDIS_URL is not set.*\n.*TEMPORAL_ADDRESS is not set/);
  });

  const productionApi = {
    ...services,
    NODE_ENV: 'production',
    SESSION_SECRET: 's'.repeat(32),
    GOOGLE_CLIENT_ID: 'client.apps.googleusercontent.com',
    GOOGLE_CLIENT_SECRET: 'client-secret',
    AUTH_ALLOWED_DOMAINS: 'acme.example',
    PUBLIC_URL: 'https://drumbeat.acme.example',
    RECEIPTS_SIGNING_SECRET: 'r'.repeat(32),
  };

  it('starts the API in production only with every secret, a way to sign in and an allowlist', () => {
    expect(loadApiConfig(productionApi).auth).toMatchObject({ devSignIn: false, secureCookies: true, allowlist: { domains: ['acme.example'] } });
    const problems = problemsOf(() => loadApiConfig({ ...services, NODE_ENV: 'production' }));
    expect(problems.sort()).toEqual([
      'AUTH_ALLOWED_DOMAINS, AUTH_ALLOWED_EMAILS or AUTH_ADMIN_EMAILS must say who may sign in, in production',
      'GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are required in production (nobody could sign in)',
      'PUBLIC_URL is required in production: the OAuth callback URL is built from it',
      'RECEIPTS_SIGNING_SECRET must be set to at least 32 random characters in production',
      'SESSION_SECRET must be set to at least 32 random characters in production',
    ]);
  });

  it('requires https for PUBLIC_URL in production, except on localhost where cookies cannot be Secure', () => {
    expect(problemsOf(() => loadApiConfig({ ...productionApi, PUBLIC_URL: 'http://drumbeat.acme.example' }))).toEqual([
      'PUBLIC_URL must be https in production (session cookies are Secure); plain http only on localhost',
    ]);
    expect(loadApiConfig({ ...productionApi, PUBLIC_URL: 'http://localhost:3000' }).auth.secureCookies).toBe(false);
  });

  it('refuses development sign-in in production, and never turns it on there by itself', () => {
    expect(problemsOf(() => loadApiConfig({ ...productionApi, AUTH_DEV_SIGN_IN: 'true' }))).toEqual([
      'AUTH_DEV_SIGN_IN cannot be enabled in production: anyone could sign in as anyone',
    ]);
    expect(loadApiConfig({ ...services }).auth.devSignIn).toBe(true);
    expect(loadApiConfig({ ...services, GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' }).auth.devSignIn).toBe(false);
    expect(loadApiConfig({ ...services, AUTH_DEV_SIGN_IN: 'false' }).auth.devSignIn).toBe(false);
  });

  it('names malformed sign-in settings', () => {
    const problems = problemsOf(() =>
      loadApiConfig({ ...services, GOOGLE_CLIENT_ID: 'only-the-id', AUTH_ALLOWED_EMAILS: 'not-an-email', SESSION_IDLE_TIMEOUT: '2d', SESSION_MAX_AGE: '1d' }),
    );
    expect(problems.join('\n')).toMatch(/GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET must be set together/);
    expect(problems.join('\n')).toMatch(/not-an-email is not an e-mail address/);
    expect(problems.join('\n')).toMatch(/SESSION_MAX_AGE must be at least SESSION_IDLE_TIMEOUT/);
    expect(problemsOf(() => loadApiConfig({ ...services, RATE_LIMIT_AI: 'lots' }))[0]).toMatch(/^RATE_LIMIT_AI: Invalid rate rule "lots"/);
    expect(loadApiConfig({ ...services, RATE_LIMIT_AI: '5/10s' }).rateLimits.ai).toEqual({ limit: 5, windowMs: 10_000 });
  });

  it('refuses embedded services in production: every service URL is required', () => {
    const problems = problemsOf(() => loadSupervisorConfig({ NODE_ENV: 'production' }));
    expect(problems.map((line) => line.split(' ')[0])).toEqual(['MONGODB_URI', 'REDIS_URL', 'TEMPORAL_ADDRESS']);
  });

  it('rejects a malformed port and duration with the variable named', () => {
    expect(problemsOf(() => loadApiConfig({ ...services, PORT: 'eighty' }))[0]).toMatch(/^PORT: /);
    expect(problemsOf(() => loadWorkerConfig({ ...services, WORKER_SHUTDOWN_GRACE: 'soon' }))[0]).toMatch(/^WORKER_SHUTDOWN_GRACE: expected a duration/);
    expect(loadWorkerConfig({ ...services, WORKER_SHUTDOWN_GRACE: '2m' }).shutdownGraceMs).toBe(120_000);
  });

  it('reads SEGMENT_ATTRIBUTES as key:type pairs, the last declaration of a key winning, and names a bad pair', () => {
    expect(loadApiConfig({ ...services }).segmentAttributes).toEqual([]);
    expect(loadApiConfig({ ...services, SEGMENT_ATTRIBUTES: ' tier:string, vip:boolean,score:number,tier:number ' }).segmentAttributes).toEqual([
      { key: 'tier', type: 'number' },
      { key: 'vip', type: 'boolean' },
      { key: 'score', type: 'number' },
    ]);
    const problems = problemsOf(() => loadApiConfig({ ...services, SEGMENT_ATTRIBUTES: 'tier:text,$where:string,ok:number' }));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^SEGMENT_ATTRIBUTES: "tier:text": expected key:type/);
    expect(problems[1]).toMatch(/"\$where:string"/);
  });

  it('gives the vendor development defaults: key, receipts secret, 10 % failures, 1 s receipts in batches of 500', () => {
    expect(loadVendorConfig({})).toMatchObject({
      port: 3100,
      apiKey: developmentVendorApiKey,
      receiptUrl: undefined,
      receiptsSecret: 'drumbeat-development-receipts-secret',
      failureRate: 0.1,
      seed: undefined,
      receiptDelayMs: 1_000,
      receiptBatchSize: 500,
      chaos: { transientErrorRate: 0, latencyMs: 0, duplicateReceiptRate: 0, outOfOrder: false, outage: null },
    });
  });

  it('reads the vendor simulation and chaos settings, the first receipts secret being current', () => {
    const config = loadVendorConfig({
      VENDOR_RECEIPT_URL: 'http://127.0.0.1:3000/api/delivery-receipts',
      RECEIPTS_SIGNING_SECRET: 'current-secret, previous-secret',
      VENDOR_FAILURE_RATE: '0.25',
      VENDOR_SEED: 'demo',
      VENDOR_RECEIPT_DELAY: '250ms',
      VENDOR_RECEIPT_BATCH: '1000',
      VENDOR_TRANSIENT_ERROR_RATE: '0.1',
      VENDOR_LATENCY: '2s',
      VENDOR_DUPLICATE_RECEIPT_RATE: '0.05',
      VENDOR_OUT_OF_ORDER: 'yes',
    });
    expect(config).toMatchObject({
      receiptUrl: 'http://127.0.0.1:3000/api/delivery-receipts',
      receiptsSecret: 'current-secret',
      failureRate: 0.25,
      seed: 'demo',
      receiptDelayMs: 250,
      receiptBatchSize: 1_000,
      chaos: { transientErrorRate: 0.1, latencyMs: 2_000, duplicateReceiptRate: 0.05, outOfOrder: true, outage: null },
    });
  });

  it('names out-of-range vendor settings', () => {
    const problems = problemsOf(() =>
      loadVendorConfig({ VENDOR_FAILURE_RATE: '1.5', VENDOR_RECEIPT_BATCH: '1001', VENDOR_RECEIPT_URL: 'ftp://crm', VENDOR_RECEIPT_DELAY: 'later', VENDOR_OUT_OF_ORDER: 'maybe' }),
    );
    expect(problems.map((line) => line.split(':')[0]).sort()).toEqual([
      'VENDOR_FAILURE_RATE',
      'VENDOR_OUT_OF_ORDER',
      'VENDOR_RECEIPT_BATCH',
      'VENDOR_RECEIPT_DELAY',
      'VENDOR_RECEIPT_URL',
    ]);
  });

  it('starts the vendor in production only with a strong API key and receipts secret', () => {
    expect(problemsOf(() => loadVendorConfig({ NODE_ENV: 'production', VENDOR_API_KEY: 'short' })).sort()).toEqual([
      'RECEIPTS_SIGNING_SECRET must be set to at least 32 random characters in production',
      'VENDOR_API_KEY must be set to at least 32 random characters in production',
    ]);
    expect(loadVendorConfig({ NODE_ENV: 'production', VENDOR_API_KEY: 'k'.repeat(32), RECEIPTS_SIGNING_SECRET: 'r'.repeat(32) }).apiKey).toBe('k'.repeat(32));
  });

  it('treats empty variables as unset', () => {
    expect(problemsOf(() => loadWorkerConfig({ ...services, REDIS_URL: '  ' }))[0]).toMatch(/^REDIS_URL is not set/);
  });
});
