import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestStreams } from '../../streams/ingest/ingest-streams.js';
import { useIngestion } from '../../test/helpers/ingestion.js';
import { testServices } from '../../test/helpers/services.js';

const ingestion = useIngestion();
const raw = new Redis(testServices().redisUrl);
afterAll(() => raw.disconnect());

interface Problem {
  status: number;
  code: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

async function send(path: string, body: string, contentType = 'application/json'): Promise<Problem> {
  const response = await ingestion().marketer.request(path, { method: 'POST', csrf: true, headers: { 'Content-Type': contentType }, body });
  return { status: response.status, ...((await response.json()) as Omit<Problem, 'status'>) };
}

const streamLength = (kind: 'customers' | 'orders'): Promise<number> => raw.xlen(`${ingestion().redisKeyPrefix}${ingestStreams[kind]}`);
const paths = (problem: Problem): string[] => (problem.errors ?? []).map((error) => error.path);

const badInputs: Array<{ name: string; path: string; body: () => string; contentType?: string; status: number; code: string; paths?: string[] }> = [
  { name: 'malformed JSON', path: '/api/customers', body: () => '{"name": "John", ', status: 400, code: 'malformed_body' },
  {
    name: 'wrong types',
    path: '/api/customers',
    body: () => JSON.stringify({ externalId: 'wt-1', visits: 'many', spend: true, lastActive: 'last tuesday' }),
    status: 400,
    code: 'validation_failed',
    paths: ['customers.0.lastActive', 'customers.0.spend', 'customers.0.visits'],
  },
  {
    name: 'an operator smuggled as a value',
    path: '/api/customers',
    body: () => JSON.stringify({ email: { $gt: '' } }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'keys with $ or .',
    path: '/api/customers',
    body: () => JSON.stringify({ externalId: 'k-1', $where: 'sleep(1000)', attributes: { 'a.b': 1 } }),
    status: 400,
    code: 'validation_failed',
  },
  {
    name: 'a negative amount and a non-finite one',
    path: '/api/orders',
    body: () => JSON.stringify([{ customerExternalId: 'x', amount: -5 }, { customerExternalId: 'x', amount: 'Infinity' }]),
    status: 400,
    code: 'validation_failed',
    paths: ['orders.0.amount', 'orders.1.amount'],
  },
  { name: 'a 20 MB body', path: '/api/customers', body: () => JSON.stringify({ externalId: 'big', name: 'x'.repeat(20 * 1024 * 1024) }), status: 413, code: 'payload_too_large' },
  {
    name: '10,001 records',
    path: '/api/customers',
    body: () => JSON.stringify(Array.from({ length: 10_001 }, (_, index) => ({ externalId: `n-${index}` }))),
    status: 413,
    code: 'payload_too_large',
  },
  { name: 'a string body', path: '/api/orders', body: () => '"hello"', status: 400, code: 'malformed_body' },
  {
    name: 'a CSV whose only row is broken',
    path: '/api/customers/import',
    body: () => 'externalId,name\n"csv-broken,Unclosed\n',
    contentType: 'text/csv',
    status: 400,
    code: 'validation_failed',
  },
  { name: 'an unsupported file type', path: '/api/customers/import', body: () => '<xml/>', contentType: 'application/xml', status: 415, code: 'unsupported_media_type' },
  { name: 'a CSV with a duplicated header', path: '/api/customers/import', body: () => 'email,email\na@x.io,b@x.io\n', contentType: 'text/csv', status: 400, code: 'malformed_body' },
];

describe('bad input is refused with 4xx naming the fields, and nothing of it is enqueued', () => {
  for (const bad of badInputs) {
    it(`refuses ${bad.name}`, async () => {
      const before = [await streamLength('customers'), await streamLength('orders')];
      const problem = await send(bad.path, bad.body(), bad.contentType);
      expect(problem.status, JSON.stringify(problem).slice(0, 500)).toBe(bad.status);
      expect(problem.code).toBe(bad.code);
      if (bad.paths) expect(paths(problem).sort()).toEqual(bad.paths);
      if (bad.code === 'validation_failed') expect(paths(problem).length).toBeGreaterThan(0);
      expect([await streamLength('customers'), await streamLength('orders')]).toEqual(before);
    });
  }

  it('names the limit when a request has too many records', async () => {
    const problem = await send('/api/customers', JSON.stringify({ customers: Array.from({ length: 10_001 }, (_, index) => ({ externalId: `m-${index}` })) }));
    expect(problem.detail).toMatch(/10000/);
  });

  it('reports the paths of a refused operator and a dotted key', async () => {
    expect(paths(await send('/api/customers', JSON.stringify({ email: { $gt: '' } })))).toEqual(expect.arrayContaining(['customers.0.email']));
    const dotted = paths(await send('/api/customers', JSON.stringify({ externalId: 'k-2', attributes: { 'a.b': 1 } })));
    expect(dotted.join(' ')).toMatch(/attributes/);
  });
});
