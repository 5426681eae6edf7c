import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ingestionAcceptedSchema } from '../../domain/ingest-status.js';
import { useIngestion } from '../../test/helpers/ingestion.js';

const ingestion = useIngestion();
const importAnswer = ingestionAcceptedSchema.extend({ rejectedTotal: z.number() });

async function importFile(path: string, body: string | Buffer, contentType: string, headers: Record<string, string> = {}) {
  const response = await ingestion().marketer.request(path, { method: 'POST', csrf: true, body, headers: { 'Content-Type': contentType, ...headers } });
  expect(response.status, await response.clone().text()).toBe(202);
  const answer = importAnswer.parse(await response.json());
  return { answer, status: await ingestion().waitUntilDone(answer.ingestionId, 140_000) };
}

describe('CSV and NDJSON imports', () => {
  it('imports a CSV, nesting attribute columns, and reports a broken row by line while its neighbours persist', async () => {
    const csv = [
      'externalId,name,email,spend,tags,attributes.city,attributes.tier',
      'csv-1,Asha Rao,ASHA@example.com,1500.50,"vip, newsletter",Pune,gold',
      'csv-2,"Rao, Ravi",ravi@example.com,20,,Mumbai,',
      'csv-3,Broken row with too many fields,x@example.com,1,a,b,c,d',
      'csv-4,Meera,not-an-email,5,,,',
      'csv-5,Kabir,kabir@example.com,0,,,silver',
    ].join('\r\n');
    const { answer, status } = await importFile('/api/customers/import', csv, 'text/csv; charset=utf-8');
    expect(answer.accepted).toBe(3);
    expect(answer.rejected.map((rejection) => rejection.index)).toEqual([4, 5]);
    expect(answer.rejected[1]?.errors[0]?.path).toBe('email');
    expect(status).toMatchObject({ source: 'csv', received: 5, accepted: 3, rejected: 2, persisted: 3, done: true });
    const asha = await ingestion().database.models.customers.findOne({ externalId: 'csv-1' }).lean();
    expect(asha).toMatchObject({ name: 'Asha Rao', email: 'asha@example.com', totalSpend: 1500.5, tags: ['vip', 'newsletter'], attributes: { city: 'Pune', tier: 'gold' } });
    expect((await ingestion().database.models.customers.findOne({ externalId: 'csv-2' }).lean())?.name).toBe('Rao, Ravi');
  });

  it('streams a 20,000-line NDJSON order file through in chunks, applying every order exactly once', async () => {
    // Twenty customers with a thousand orders each: the file's size is the point here, not one huge ledger.
    const customers = Array.from({ length: 20 }, (_, index) => `bulk-${index}`);
    await ingestion().marketer.request('/api/customers', { json: customers.map((externalId) => ({ externalId })), csrf: true });
    const lines: string[] = [];
    for (let index = 0; index < 20_000; index += 1) {
      lines.push(JSON.stringify({ orderId: `nd-${index}`, customerExternalId: customers[index % customers.length], amount: 1.25, orderedAt: '2025-08-01T10:00:00Z' }));
    }
    lines.splice(7_000, 0, '{ not json');
    const { answer, status } = await importFile('/api/orders/import', `${lines.join('\n')}\n`, 'application/x-ndjson');
    expect(answer.accepted).toBe(20_000);
    expect(answer.rejected).toEqual([{ index: 7_001, errors: [expect.objectContaining({ path: '' })] }]);
    expect(status).toMatchObject({ persisted: 20_000, deadLettered: 0, done: true });
    const stored = await ingestion().database.models.customers.find({ externalId: { $in: customers } }, { orderCount: 1, totalSpend: 1 }).lean();
    expect(stored.map((customer) => [customer.orderCount, customer.totalSpend])).toEqual(customers.map(() => [1_000, 1_250]));
  }, 150_000);

  it('identifies orders without ids by Idempotency-Key and line, so re-importing the same file adds nothing', async () => {
    await ingestion().marketer.request('/api/customers', { json: { externalId: 'reimport-1' }, csrf: true });
    const csv = 'customerExternalId,amount,date\nreimport-1,10,2025-01-01\nreimport-1,15,2025-01-02\n';
    await importFile('/api/orders/import', csv, 'text/csv', { 'Idempotency-Key': 'file-2025-01' });
    await importFile('/api/orders/import', csv, 'text/csv', { 'Idempotency-Key': 'file-2025-01' });
    const customer = await ingestion().database.models.customers.findOne({ externalId: 'reimport-1' }).lean();
    expect([customer?.orderCount, customer?.totalSpend]).toEqual([2, 25]);
  });
});
