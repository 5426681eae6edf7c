import mongoose, { type Connection } from 'mongoose';

/**
 * Opens a dedicated mongoose connection (not the global default), so tests and roles can hold
 * several at once, and waits until it is usable. Indexes are built by `syncIndexes` at start-up.
 */
export async function connectMongo(uri: string, options: { dbName?: string } = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName: options.dbName,
    serverSelectionTimeoutMS: 5_000,
    // Mongoose would otherwise queue operations forever while the server is away; fail fast instead.
    bufferCommands: false,
    autoIndex: false,
  });
  await connection.asPromise();
  return connection;
}

/** Pings the server behind a connection, failing after `timeoutMs`. */
export async function pingConnection(connection: Connection, timeoutMs: number): Promise<void> {
  const db = connection.db;
  if (!db || connection.readyState !== mongoose.ConnectionStates.connected) throw new Error('not connected');
  await db.command({ ping: 1 }, { timeoutMS: timeoutMs });
}
