import { afterAll, describe, expect, it } from 'vitest';
import { loadSupervisorConfig } from '../config/supervisor.js';
import { openDatabase } from '../db/open.js';
import { freshDatabaseUri } from '../test/helpers/database.js';
import { startDemoAutoload } from './demo-autoload.js';

const productionServices = { MONGODB_URI: 'mongodb://db/drumbeat', REDIS_URL: 'redis://redis', TEMPORAL_ADDRESS: 'temporal:7233' };

describe('DRUMBEAT_DEMO', () => {
  it('loads demo data by default, not when turned off, and never in production', () => {
    expect(loadSupervisorConfig({}).demoData).toBe(true);
    expect(loadSupervisorConfig({ DRUMBEAT_DEMO: '0' }).demoData).toBe(false);
    expect(loadSupervisorConfig({ DRUMBEAT_DEMO: 'false' }).demoData).toBe(false);
    expect(loadSupervisorConfig({ NODE_ENV: 'production', ...productionServices }).demoData).toBe(false);
    expect(loadSupervisorConfig({ NODE_ENV: 'production', DRUMBEAT_DEMO: 'true', ...productionServices }).demoData).toBe(false);
  });
});

describe('startDemoAutoload', () => {
  const uris: string[] = [];
  afterAll(async () => {
    for (const uri of uris) {
      const database = await openDatabase(uri);
      await database.connection.dropDatabase();
      await database.close();
    }
  });

  async function freshDatabase(): Promise<string> {
    const { uri } = freshDatabaseUri();
    uris.push(uri);
    return uri;
  }

  // Nothing listens on port 9 here, so a load that starts fails at its first request.
  function autoloadInto(mongoUri: string): { autoload: ReturnType<typeof startDemoAutoload>; lines: string[]; announced: string[] } {
    const lines: string[] = [];
    const announced: string[] = [];
    const autoload = startDemoAutoload({ mongoUri, apiUrl: 'http://127.0.0.1:9', progress: (line) => lines.push(line), announce: (line) => announced.push(line) });
    return { autoload, lines, announced };
  }

  it('leaves a database that already has customers alone', async () => {
    const uri = await freshDatabase();
    const database = await openDatabase(uri);
    await database.models.customers.create({ key: 'ext:someone', externalId: 'someone' });
    const { autoload, lines, announced } = autoloadInto(uri);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await autoload.stop();

    expect({ lines, announced }).toEqual({ lines: [], announced: [] });
    expect(await database.models.apiKeys.countDocuments()).toBe(0);
    await database.close();
  });

  it('reports a failed load in one line instead of throwing, and revokes its key', async () => {
    const uri = await freshDatabase();
    const { autoload, lines, announced } = autoloadInto(uri);
    await expect.poll(() => lines.length, { timeout: 20_000 }).toBe(1);
    await autoload.stop();

    expect(announced).toEqual(['Loading demo data: 10,000 customers, 30,000 orders… (DRUMBEAT_DEMO=0 to skip)']);
    expect(lines[0]).toMatch(/^demo data not loaded: could not reach the API at http:\/\/127\.0\.0\.1:9 .*drumbeat seed/);
    const database = await openDatabase(uri);
    const keys = await database.models.apiKeys.find().lean();
    expect(keys.map((key) => [key.createdBy, key.revokedAt !== null])).toEqual([['cli:seed', true]]);
    await database.close();
  });
});
