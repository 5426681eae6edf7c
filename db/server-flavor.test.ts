import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../test/helpers/database.js';
import { findByIds } from './find-by-ids.js';
import { isFerretDb } from './server-flavor.js';

const database = useTestDatabase();

describe('server flavour and reads by id', () => {
  it('tells FerretDB from MongoDB by what the server says about its build', async () => {
    const info = await database().connection.db!.admin().command({ buildInfo: 1 });
    expect(await isFerretDb(database().connection)).toBe('ferretdb' in info || 'ferretdbFeatures' in info);
    // The run's own server is the embedded FerretDB unless MONGODB_URI points elsewhere.
    if (!process.env.MONGODB_URI) expect(await isFerretDb(database().connection)).toBe(true);
  });

  it('finds exactly the stored documents among the ids asked for', async () => {
    const probes = database().models.diagnosticProbes;
    const stored = await probes.create([0, 1, 2].map((i) => ({ probeId: `by-id-${i}`, workflowId: 'wf', workerIdentity: 'w' })));
    const ids = [stored[0]!._id, stored[2]!._id, Types.ObjectId.createFromTime(1)];
    const found = await findByIds(probes, ids, { probeId: 1 });
    expect(found.map((probe) => probe.probeId).sort()).toEqual(['by-id-0', 'by-id-2']);
  });
});
