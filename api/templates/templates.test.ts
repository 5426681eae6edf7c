import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../../db/open.js';
import { templateCheckSchema, templatePreviewSchema, templateVariablesSchema } from '../../domain/templates/template-api.js';
import { useTestApi } from '../../test/helpers/api.js';
import { TestBrowser } from '../../test/helpers/browser.js';
import { signInCast, type Cast } from '../../test/helpers/cast.js';
import { freshDatabaseUri } from '../../test/helpers/database.js';

let mongoUri = '';
const api = useTestApi(() => {
  mongoUri = freshDatabaseUri().uri;
  return { MONGODB_URI: mongoUri, SEGMENT_ATTRIBUTES: 'loyalty:boolean' };
});
let database: Database;
let cast: Cast;

const problemSchema = z.object({ status: z.number(), code: z.string(), errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() });
const reference = "Hi {{name}}, here's 10% off on your next order!";

beforeAll(async () => {
  database = await openDatabase(mongoUri);
  cast = await signInCast(api().url);
});

afterAll(async () => {
  await database.connection.dropDatabase();
  await database.close();
});

async function post(path: string, json: unknown, browser: TestBrowser = cast.people.marketer): Promise<{ status: number; body: unknown }> {
  const response = await browser.request(path, { method: 'POST', json, csrf: true });
  return { status: response.status, body: await response.json() };
}

async function preview(json: unknown, browser?: TestBrowser): Promise<z.infer<typeof templatePreviewSchema>> {
  const { status, body } = await post('/api/templates/preview', json, browser);
  expect(status, JSON.stringify(body)).toBe(200);
  return templatePreviewSchema.parse(body);
}

describe('with customers', () => {
  let mohitId = '';
  let latestId = '';
  beforeAll(async () => {
    const [mohit] = await database.models.customers.insertMany([
      { key: 'ext:mohit', externalId: 'mohit', name: 'Mohit', email: 'mohit@example.com', phone: '+919800000001', city: 'Pune', totalSpend: 4_500, attributes: { tier: 'gold' } },
      { key: 'ext:hostile', externalId: 'hostile', name: '<script>alert(1)</script> *Boss*', attributes: { tier: 'silver' } },
    ]);
    mohitId = mohit?._id.toHexString() ?? '';
    // Later than the others, so it is the most recently added customer.
    await sleep(20);
    const latest = await database.models.customers.create({ key: 'ext:latest', externalId: 'latest', name: 'Latest Person', email: null, attributes: {} });
    latestId = latest._id.toHexString();
  });

  describe('POST /api/templates/preview', () => {
    it('renders the reference example for the customer asked for', async () => {
      const answer = await preview({ content: { channel: 'sms', body: reference }, customerId: mohitId.toUpperCase() });
      expect(answer.customer).toEqual({ id: mohitId, name: 'Mohit', email: 'mohit@example.com', phone: '+919800000001', sample: false });
      expect(answer.rendered.body).toBe("Hi Mohit, here's 10% off on your next order!");
    });

    it('renders for the most recently added customer when none is given, listing variables without value or fallback', async () => {
      const answer = await preview({ content: { channel: 'whatsapp', body: 'Hi {{ first_name | there }} from {{city}}{{email}}' } });
      expect(answer.customer).toMatchObject({ id: latestId, name: 'Latest Person', sample: false });
      expect(answer.rendered).toEqual({ body: 'Hi Latest from ', missing: ['city', 'email'] });
    });

    it("escapes a customer's values for the channel and never the template's own markup", async () => {
      const hostileId = (await database.models.customers.findOne({ key: 'ext:hostile' }, { _id: 1 }).lean())?._id.toHexString();
      const email = await preview({ content: { channel: 'email', subject: 'For {{name}}', body: '<p><b>Hi {{name}}</b></p>' }, customerId: hostileId });
      expect(email.rendered.body).toBe('<p><b>Hi &lt;script&gt;alert(1)&lt;/script&gt; *Boss*</b></p>');
      expect(email.rendered.subject).toBe('For <script>alert(1)</script> *Boss*');
      const whatsapp = await preview({ content: { channel: 'whatsapp', body: '*Hi* {{name}}' }, customerId: hostileId });
      expect(whatsapp.rendered.body).toBe('*Hi* <script>alert(1)</script> ∗Boss∗');
    });

    it('renders despite problems and answers them alongside', async () => {
      const answer = await preview({ content: { channel: 'sms', body: 'Hi {{frist_name | friend}}' }, customerId: mohitId });
      expect(answer.rendered.body).toBe('Hi friend');
      expect(answer.problems).toEqual([expect.objectContaining({ code: 'unknown_variable', variable: 'frist_name', suggestion: 'first_name' })]);
    });

    it('answers 404 for an unknown customer and 400 for a malformed id or content', async () => {
      const unknown = await post('/api/templates/preview', { content: { channel: 'sms', body: 'Hi' }, customerId: '000000000000000000000000' });
      expect(unknown.status).toBe(404);
      expect(problemSchema.parse(unknown.body).code).toBe('not_found');
      const malformed = await post('/api/templates/preview', { content: { channel: 'pigeon', body: 1 }, customerId: 'nope' });
      expect(malformed.status).toBe(400);
      expect(problemSchema.parse(malformed.body).errors?.map((error) => error.path).sort()).toEqual(['body.content.body', 'body.content.channel', 'body.customerId']);
    });

    it('lets a viewer and a read key preview, but not a campaigns key, which may not read customers', async () => {
      expect((await post('/api/templates/preview', { content: { channel: 'sms', body: reference } }, cast.people.viewer)).status).toBe(200);
      const keyHolder = (scope: 'read' | 'campaigns') => async (json: unknown) => {
        const response = await new TestBrowser(api().url).request('/api/templates/preview', { json, headers: { Authorization: `Bearer ${cast.keys[scope]}` } });
        return response.status;
      };
      expect(await keyHolder('read')({ content: { channel: 'sms', body: reference } })).toBe(200);
      expect(await keyHolder('campaigns')({ content: { channel: 'sms', body: reference } })).toBe(403);
    });
  });

  describe('POST /api/templates/check', () => {
    it('answers ok with the SMS estimate for a valid template', async () => {
      const { status, body } = await post('/api/templates/check', { content: { channel: 'sms', body: reference } });
      expect(status).toBe(200);
      expect(templateCheckSchema.parse(body)).toEqual({ ok: true, problems: [], sms: { encoding: 'gsm7', units: 51, segments: 1, perSegment: 160, estimated: true } });
    });

    it('answers problems with 200: unknown variables by line and column with a suggestion, and syntax', async () => {
      const body = 'Hi {{ first_name | there }},\n  your {{frist_name}} and {{name';
      const answer = templateCheckSchema.parse((await post('/api/templates/check', { content: { channel: 'sms', body } })).body);
      expect(answer.ok).toBe(false);
      expect(answer.problems).toEqual([
        expect.objectContaining({ code: 'unknown_variable', line: 2, column: 8, start: 36, end: 50, variable: 'frist_name', suggestion: 'first_name' }),
        expect.objectContaining({ code: 'syntax', line: 2, column: 27 }),
      ]);
    });

    it('knows attributes declared in SEGMENT_ATTRIBUTES and discovered in the data, and no others', async () => {
      const check = async (body: string): Promise<string[]> =>
        templateCheckSchema
          .parse((await post('/api/templates/check', { content: { channel: 'sms', body } })).body)
          .problems.map((problem) => problem.variable ?? problem.code);
      expect(await check('{{attributes.loyalty}} {{attributes.tier}}')).toEqual([]);
      expect(await check('{{attributes.shoe_size}} {{attributes.tierr}}')).toEqual(['attributes.shoe_size', 'attributes.tierr']);
    });

    it('refuses a malformed request with 400 naming each field', async () => {
      const { status, body } = await post('/api/templates/check', { content: { channel: 'sms', body: 'x', extra: true } });
      expect(status).toBe(400);
      expect(problemSchema.parse(body).errors).toEqual([{ path: 'body.content', message: expect.stringContaining('extra') as string }]);
      expect((await post('/api/templates/check', {})).status).toBe(400);
    });
  });

  describe('GET /api/templates/variables', () => {
    it('lists the built-ins and the known attributes with labels for the token picker', async () => {
      const response = await cast.people.viewer.request('/api/templates/variables');
      const { variables } = templateVariablesSchema.parse(await response.json());
      const names = variables.map((variable) => variable.name);
      expect(names.slice(0, 3)).toEqual(['name', 'first_name', 'last_name']);
      expect(names).toEqual(expect.arrayContaining(['total_spend', 'last_order_date', 'attributes.loyalty', 'attributes.tier']));
      expect(variables.find((variable) => variable.name === 'attributes.tier')).toMatchObject({ source: 'attribute', label: 'tier' });
    });
  });
});

describe('POST /api/templates/preview once no customer is left', () => {
  it('renders for a made-up example customer marked as a sample', async () => {
    await database.models.customers.deleteMany({});
    const answer = await preview({ content: { channel: 'sms', body: reference } });
    expect(answer.customer).toEqual({ id: null, name: 'Mohit Sharma', email: 'mohit.sharma@example.com', phone: '+919876543210', sample: true });
    expect(answer.rendered).toEqual({
      body: "Hi Mohit Sharma, here's 10% off on your next order!",
      missing: [],
      sms: { encoding: 'gsm7', units: 51, segments: 1, perSegment: 160 },
    });
    expect(answer.problems).toEqual([]);
  });
});
