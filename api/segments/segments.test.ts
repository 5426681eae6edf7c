import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../../db/open.js';
import { customerPageSchema } from '../../domain/customers.js';
import { segmentFieldsSchema, segmentListSchema, segmentPreviewSchema, segmentSchema, type SegmentView } from '../../domain/segment-api.js';
import { useTestApi } from '../../test/helpers/api.js';
import type { TestBrowser } from '../../test/helpers/browser.js';
import { signInCast, type Cast } from '../../test/helpers/cast.js';
import { freshDatabaseUri } from '../../test/helpers/database.js';

let mongoUri = '';
const api = useTestApi(() => {
  mongoUri = freshDatabaseUri().uri;
  return { MONGODB_URI: mongoUri, SEGMENT_ATTRIBUTES: 'score:number,loyalty:boolean' };
});
let database: Database;
let cast: Cast;

const day = 86_400_000;
const ago = (days: number): Date => new Date(Date.now() - days * day);
const problemSchema = z.object({ status: z.number(), code: z.string(), errors: z.array(z.object({ path: z.string(), message: z.string() })).optional() });

// Lapsed big spenders (spend > 5000, inactive for 90 days): mumbai-1, never-1, bare-1 and the 25 chennai customers.
const lapsedBigSpenders = { op: 'and', rules: [{ field: 'spend', operator: 'gt', value: 5000 }, { field: 'lastActive', operator: 'olderThanDays', value: 90 }] };
const chennai = Array.from({ length: 25 }, (_, i) => ({
  key: `ext:chennai-${i}`,
  externalId: `chennai-${i}`,
  city: 'Chennai',
  totalSpend: 5_001 + i,
  lastActive: ago(100 + i),
  attributes: { tier: 'Gold', channel: i < 20 ? 'email' : 7 },
}));
const named = [
  { key: 'ext:mumbai-1', externalId: 'mumbai-1', city: 'Mumbai', totalSpend: 8_000, lastActive: ago(120), tags: ['vip'], attributes: { tier: 'gold', score: '10', vip: true } },
  { key: 'ext:never-1', externalId: 'never-1', city: 'pune', totalSpend: 6_000, lastActive: null, attributes: { score: '20' } },
  { key: 'ext:recent-1', externalId: 'recent-1', city: 'Delhi', totalSpend: 9_000, lastActive: ago(10), tags: ['vip'], attributes: { score: 3 } },
  { key: 'ext:small-1', externalId: 'small-1', city: 'Mumbai', totalSpend: 100, lastActive: ago(200), attributes: { tier: 'silver', 'has space': 'x' } },
];

beforeAll(async () => {
  database = await openDatabase(mongoUri);
  await database.models.customers.insertMany([...named, ...chennai]);
  // Stored without lastActive at all, as FerretDB leaves a customer whose activity was never reported.
  await database.models.customers.collection.insertOne({ key: 'ext:bare-1', externalId: 'bare-1', totalSpend: 7_000, tags: [], attributes: {}, createdAt: new Date() });
  cast = await signInCast(api().url);
});

afterAll(async () => {
  await database.connection.dropDatabase();
  await database.close();
});

const marketer = (): TestBrowser => cast.people.marketer;

async function send(browser: TestBrowser, method: string, path: string, json?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await browser.request(path, { method, csrf: true, ...(json !== undefined ? { json } : {}) });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

async function preview(rule: unknown): Promise<{ count: number; ids: string[] }> {
  const { status, body } = await send(marketer(), 'POST', '/api/segments/preview', { rule });
  expect(status, JSON.stringify(body)).toBe(200);
  const answer = segmentPreviewSchema.parse(body);
  return { count: answer.count, ids: answer.sample.map((customer) => customer.externalId ?? '') };
}

async function refusedPaths(rule: unknown): Promise<string[]> {
  const { status, body } = await send(marketer(), 'POST', '/api/segments/preview', { rule });
  expect(status, JSON.stringify(body)).toBe(400);
  return (problemSchema.parse(body).errors ?? []).map((error) => error.path);
}

async function createSegment(name: string, rule: unknown): Promise<SegmentView> {
  const { status, body } = await send(marketer(), 'POST', '/api/segments', { name, description: `${name}, for tests`, rule });
  expect(status, JSON.stringify(body)).toBe(201);
  return segmentSchema.parse(body);
}

/** Every externalId of a segment's members, page by page through GET /api/customers. */
async function members(segmentId: string, extra = ''): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await marketer().request(`/api/customers?segment=${segmentId}&limit=10${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    const page = customerPageSchema.parse(await response.json());
    ids.push(...page.customers.map((customer) => customer.externalId ?? ''));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  return { ids, pages };
}

describe('audience preview', () => {
  it('counts and samples lapsed big spenders, never-active customers included', async () => {
    const { count, ids } = await preview(lapsedBigSpenders);
    expect(count).toBe(28);
    expect(ids).toHaveLength(10);
    for (const id of ids) expect(['mumbai-1', 'never-1', 'bare-1', ...chennai.map((c) => c.externalId)]).toContain(id);
  });

  it('matches strings ignoring case, tags exactly, attributes by path, and "not" as none of', async () => {
    expect((await preview({ op: 'or', rules: [{ field: 'city', operator: 'in', value: ['MUMBAI', 'Pune'] }, { field: 'tags', operator: 'hasAny', value: ['vip'] }] })).count).toBe(4);
    expect((await preview({ field: 'attributes.tier', operator: 'eq', value: 'gold' })).count).toBe(26);
    expect((await preview({ op: 'not', rules: [{ field: 'city', operator: 'eq', value: 'chennai' }] })).count).toBe(5);
    const few = await preview({ op: 'and', rules: [{ field: 'city', operator: 'startsWith', value: 'mum' }, { field: 'spend', operator: 'lt', value: 1000 }] });
    expect(few).toEqual({ count: 1, ids: ['small-1'] });
  });

  it('answers a rule with bad parts with 400 naming each part by its path under rule', async () => {
    const paths = await refusedPaths({
      op: 'and',
      rules: [
        { field: 'spnd', operator: 'gt', value: 1 },
        { field: 'city', operator: 'gt', value: 'x' },
        { field: 'city', operator: 'eq', value: { $where: '1' } },
        { field: 'city', operator: 'in', value: Array.from({ length: 201 }, (_, i) => `c${i}`) },
        { field: 'name', operator: 'contains', value: 'x'.repeat(201) },
      ],
    });
    expect(paths).toEqual(['rule.rules.0.field', 'rule.rules.1.operator', 'rule.rules.2.value', 'rule.rules.3.value', 'rule.rules.4.value']);
    expect(await refusedPaths(null)).toEqual(['rule']);
    expect(await refusedPaths({ op: 'and', rules: [{ field: 'city', operator: 'exists', extra: 1 }] })).toEqual(['rule.rules.0.extra']);
  });

  it('refuses trees beyond the limits with 400, however deep or wide they are sent', async () => {
    let deep: unknown = { field: 'spend', operator: 'gt', value: 1 };
    for (let depth = 0; depth < 7; depth += 1) deep = { op: 'and', rules: [deep] };
    expect(await refusedPaths(deep)).toContain('rule.rules.0.rules.0.rules.0.rules.0.rules.0.rules.0');
    const wide = { op: 'or', rules: Array.from({ length: 101 }, () => ({ field: 'spend', operator: 'gt', value: 1 })) };
    expect(await refusedPaths(wide)).toContain('rule');
    // Deep enough to overflow a recursive parser's stack: still a plain 400.
    const hostile = `{"rule":${'{"op":"and","rules":['.repeat(5_000)}${']}'.repeat(5_000)}}`;
    const response = await marketer().request('/api/segments/preview', { body: hostile, headers: { 'Content-Type': 'application/json' }, csrf: true });
    expect(response.status).toBe(400);
    expect(problemSchema.parse(await response.json()).errors?.[0]?.path).toMatch(/^rule\.rules\.0/);
  });
});

describe('the field registry', () => {
  it('lists the built-in fields, declared attributes, and attributes discovered in the data typed by majority', async () => {
    const response = await cast.people.viewer.request('/api/segments/fields');
    const { fields, limits } = segmentFieldsSchema.parse(await response.json());
    const typeOf = (id: string): string | undefined => fields.find((field) => field.id === id)?.type;
    expect(typeOf('spend')).toBe('number');
    expect(typeOf('lastActive')).toBe('date');
    expect(typeOf('tags')).toBe('tags');
    expect(typeOf('attributes.loyalty')).toBe('boolean');
    // Declared as number though the sample holds more text than numbers: the declaration wins.
    expect(typeOf('attributes.score')).toBe('number');
    expect(typeOf('attributes.tier')).toBe('string');
    expect(typeOf('attributes.vip')).toBe('boolean');
    expect(typeOf('attributes.channel')).toBe('string');
    expect(fields.some((field) => field.id.includes('has space'))).toBe(false);
    const tier = fields.find((field) => field.id === 'attributes.tier');
    expect(tier?.source).toBe('attribute');
    expect(tier?.operators).toContain('contains');
    expect(limits.maxDepth).toBe(6);
  });
});

describe('saved segments', () => {
  it('creates, reads, lists, updates, recounts and deletes a segment, counting on the way and auditing each write', async () => {
    const created = await createSegment('Lapsed big spenders', lapsedBigSpenders);
    expect(created).toMatchObject({ lastCount: 28, createdBy: 'marketer@cast.test', rule: lapsedBigSpenders });
    const listed = segmentListSchema.parse((await send(cast.people.viewer, 'GET', '/api/segments')).body);
    expect(listed.segments[0]?.id).toBe(created.id);
    expect(segmentSchema.parse((await send(cast.people.viewer, 'GET', `/api/segments/${created.id.toUpperCase()}`)).body).name).toBe('Lapsed big spenders');

    const renamed = segmentSchema.parse((await send(marketer(), 'PUT', `/api/segments/${created.id}`, { name: 'Lapsed VIPs' })).body);
    expect(renamed).toMatchObject({ name: 'Lapsed VIPs', lastCount: 28, lastCountedAt: created.lastCountedAt });
    const narrowed = { op: 'and', rules: [...lapsedBigSpenders.rules, { field: 'city', operator: 'eq', value: 'mumbai' }] };
    const updated = segmentSchema.parse((await send(cast.people.admin, 'PUT', `/api/segments/${created.id}`, { rule: narrowed })).body);
    expect(updated).toMatchObject({ lastCount: 1, updatedBy: 'admin@cast.test', rule: narrowed });

    await database.models.customers.create({ key: 'ext:mumbai-2', externalId: 'mumbai-2', city: 'MUMBAI', totalSpend: 5_500, lastActive: ago(95) });
    const recounted = segmentSchema.parse((await send(marketer(), 'POST', `/api/segments/${created.id}/count`)).body);
    expect(recounted.lastCount).toBe(2);

    expect((await send(marketer(), 'DELETE', `/api/segments/${created.id}`)).status).toBe(204);
    expect((await send(marketer(), 'GET', `/api/segments/${created.id}`)).status).toBe(404);
    expect((await send(marketer(), 'DELETE', `/api/segments/${created.id}`)).status).toBe(404);
    const audit = (await (await cast.people.admin.request(`/api/audit-events?targetId=${created.id}`)).json()) as { events: Array<{ action: string }> };
    expect(audit.events.map((event) => event.action)).toEqual(['segment.deleted', 'segment.saved', 'segment.saved', 'segment.saved']);
    await database.models.customers.deleteOne({ key: 'ext:mumbai-2' });
  });

  it('refuses a name another segment has, ignoring case, with 409, and a bad rule with 400 before saving', async () => {
    const first = await createSegment('Gold tier', { field: 'attributes.tier', operator: 'eq', value: 'gold' });
    const other = await createSegment('Delhi', { field: 'city', operator: 'eq', value: 'Delhi' });
    expect((await send(marketer(), 'POST', '/api/segments', { name: ' GOLD TIER ', rule: first.rule })).status).toBe(409);
    expect((await send(marketer(), 'PUT', `/api/segments/${other.id}`, { name: 'gold tier' })).status).toBe(409);
    const bad = await send(marketer(), 'POST', '/api/segments', { name: 'Broken', rule: { field: 'nope', operator: 'eq', value: 1 } });
    expect(bad.status).toBe(400);
    expect(problemSchema.parse(bad.body).errors?.map((error) => error.path)).toEqual(['rule.field']);
    expect(await database.models.segments.countDocuments({ nameKey: 'broken' })).toBe(0);
  });

  it('lets viewers read but not write', async () => {
    const viewer = cast.people.viewer;
    expect((await send(viewer, 'POST', '/api/segments', { name: 'Nope', rule: lapsedBigSpenders })).status).toBe(403);
    const some = segmentListSchema.parse((await send(viewer, 'GET', '/api/segments')).body).segments[0];
    expect(some).toBeDefined();
    expect((await send(viewer, 'PUT', `/api/segments/${some?.id ?? ''}`, { name: 'Mine' })).status).toBe(403);
    expect((await send(viewer, 'DELETE', `/api/segments/${some?.id ?? ''}`)).status).toBe(403);
    expect((await send(viewer, 'POST', '/api/segments/preview', { rule: lapsedBigSpenders })).status).toBe(200);
  });
});

describe('GET /api/customers?segment=', () => {
  it("lists exactly a saved segment's members, paged, and combines with the other filters", async () => {
    const segment = await createSegment('Lapsed, for the list', lapsedBigSpenders);
    const { ids, pages } = await members(segment.id);
    expect(ids.sort()).toEqual(['bare-1', 'mumbai-1', 'never-1', ...chennai.map((c) => c.externalId)].sort());
    expect(pages).toBe(3);
    expect((await members(segment.id, '&city=MUMBAI')).ids).toEqual(['mumbai-1']);
    expect((await members(segment.id, '&sort=totalSpend')).ids.slice(0, 2)).toEqual(['mumbai-1', 'bare-1']);
  });

  it('answers 404 for an unknown segment, 400 for a malformed id, and 409 naming the problems when the rule no longer checks', async () => {
    expect((await marketer().request('/api/customers?segment=000000000000000000000000')).status).toBe(404);
    expect((await marketer().request('/api/customers?segment=nope')).status).toBe(400);
    const segment = await createSegment('Soon outdated', { field: 'city', operator: 'exists' });
    await database.models.segments.updateOne({ _id: segment.id }, { $set: { rule: { field: 'attributes.vanished', operator: 'eq', value: 'x' } } });
    const response = await marketer().request(`/api/customers?segment=${segment.id}`);
    const problem = problemSchema.parse(await response.json());
    expect(response.status).toBe(409);
    expect(problem).toMatchObject({ code: 'segment_rule_outdated', errors: [{ path: 'rule.field' }] });
    expect((await send(marketer(), 'POST', `/api/segments/${segment.id}/count`)).status).toBe(409);
  });
});
