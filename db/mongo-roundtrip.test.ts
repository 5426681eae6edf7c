import { describe, expect, it } from 'vitest';
import { isDuplicateKeyError } from '../http/errors/middleware.js';
import { useTestDatabase } from '../test/helpers/database.js';

const database = useTestDatabase();

describe('mongoose on the MongoDB-wire server', () => {
  it('creates the declared indexes, including the unique one', async () => {
    const indexes = (await database().models.diagnosticProbes.listIndexes()) as Array<{ key: Record<string, number>; unique?: boolean }>;
    const probeIndex = indexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ probeId: 1 }));
    expect(probeIndex?.unique).toBe(true);
  });

  it('writes, reads back and updates a document', async () => {
    const probes = database().models.diagnosticProbes;
    await probes.create({ probeId: 'round-trip', workflowId: 'wf-1', workerIdentity: 'w', attempts: 1 });
    await probes.updateOne({ probeId: 'round-trip' }, { $inc: { attempts: 2 }, $set: { consumedAt: new Date(0) } });
    const stored = await probes.findOne({ probeId: 'round-trip' }).lean();
    expect(stored).toMatchObject({ probeId: 'round-trip', workflowId: 'wf-1', attempts: 3 });
    expect(stored?.consumedAt?.getTime()).toBe(0);
    expect(stored?.createdAt).toBeInstanceOf(Date);
  });

  it('reports a unique-index violation as code 11000', async () => {
    const probes = database().models.diagnosticProbes;
    await probes.create({ probeId: 'duplicate', workflowId: 'wf-a', workerIdentity: 'w' });
    const error: unknown = await probes.create({ probeId: 'duplicate', workflowId: 'wf-b', workerIdentity: 'w' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 11000 });
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(await probes.countDocuments({ probeId: 'duplicate' })).toBe(1);
  });

  it('applies a bulkWrite of many upserts in one call', async () => {
    const probes = database().models.diagnosticProbes;
    const ids = Array.from({ length: 300 }, (_, i) => `bulk-${i}`);
    const result = await probes.bulkWrite(
      ids.map((probeId) => ({
        updateOne: {
          filter: { probeId },
          update: { $setOnInsert: { probeId, workflowId: 'bulk', workerIdentity: 'w', attempts: 0 } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    expect(result.upsertedCount).toBe(300);
    expect(await probes.countDocuments({ workflowId: 'bulk' })).toBe(300);
  });

  it('applies concurrent updates of one document atomically, as MongoDB does (no update lost)', async () => {
    const counters = database().connection.db!.collection<{ _id: string; n: number; flag: boolean; tags: string[] }>('concurrent_updates');
    await counters.insertOne({ _id: 'one', n: 0, flag: false, tags: [] });
    await Promise.all(
      Array.from({ length: 200 }, (_, index) => {
        if (index === 50) return counters.updateOne({ _id: 'one' }, { $set: { flag: true } });
        if (index === 150) return counters.findOneAndUpdate({ _id: 'one' }, { $push: { tags: 'pushed' } });
        return counters.updateOne({ _id: 'one' }, { $inc: { n: 1 } });
      }),
    );
    expect(await counters.findOne({ _id: 'one' })).toEqual({ _id: 'one', n: 198, flag: true, tags: ['pushed'] });
  });

  it('applies concurrent findOneAndUpdate calls on the same and on different documents atomically', async () => {
    const counters = database().connection.db!.collection<{ _id: string; n: number }>('concurrent_find_and_modify');
    await counters.insertMany([{ _id: 'a', n: 0 }, { _id: 'b', n: 0 }]);
    await Promise.all(
      Array.from({ length: 120 }, (_, index) =>
        index % 3 === 2
          ? counters.updateOne({ _id: 'a' }, { $inc: { n: 1 } })
          : counters.findOneAndUpdate({ _id: index % 2 === 0 ? 'a' : 'b' }, { $inc: { n: 1 } }),
      ),
    );
    const [a, b] = await Promise.all([counters.findOne({ _id: 'a' }), counters.findOne({ _id: 'b' })]);
    // 40 updates and 40 findOneAndUpdates on a, 40 findOneAndUpdates on b.
    expect([a?.n, b?.n]).toEqual([80, 40]);
  });
});
