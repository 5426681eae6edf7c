import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../db/open.js';
import { testServices } from './services.js';

/** A MongoDB URI for a database of its own, so files never see each other's data. */
export function freshDatabaseUri(): { uri: string; dbName: string } {
  const dbName = `test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const url = new URL(testServices().mongoUri);
  url.pathname = `/${dbName}`;
  return { uri: url.toString(), dbName };
}

/**
 * Opens a fresh database for the calling test file (models registered, indexes built) and drops it
 * afterwards. Use the returned getter inside tests: the database exists once beforeAll ran.
 */
export function useTestDatabase(): () => Database {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await openDatabase(freshDatabaseUri().uri);
  });
  afterAll(async () => {
    if (!database) return;
    await database.connection.dropDatabase();
    await database.close();
  });
  return () => {
    if (!database) throw new Error('useTestDatabase(): the database is opened in beforeAll');
    return database;
  };
}
