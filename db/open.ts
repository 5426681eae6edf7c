import type { Connection } from 'mongoose';
import { connectMongo } from './connection.js';
import { ensureIndexes, registerModels, type Models } from './models.js';

/** A connection with every model registered and its indexes in place. */
export interface Database {
  connection: Connection;
  models: Models;
  close(): Promise<void>;
}

/** Connects, registers the models and creates their indexes (idempotent, so every role may do it at start). */
export async function openDatabase(uri: string, options: { dbName?: string } = {}): Promise<Database> {
  const connection = await connectMongo(uri, options);
  try {
    const models = registerModels(connection);
    await ensureIndexes(models);
    return { connection, models, close: () => connection.close() };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
