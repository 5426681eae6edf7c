import fs from 'node:fs/promises';
import path from 'node:path';
import mongoose from 'mongoose';
import { spawnService, type ChildService } from './child-process.js';
import { findExecutable } from './executables.js';
import { ensureFerretdbBinary } from './ferretdb-binary.js';
import { choosePort } from './ports.js';
import { externalService, type ProvidedService, type ProvisionContext } from './service.js';
import { waitUntilReady } from './wait.js';

const databaseName = 'drumbeat';

/** Answers when a MongoDB-wire server at `uri` replies to ping. */
export async function pingMongo(uri: string): Promise<void> {
  const client = new mongoose.mongo.MongoClient(uri, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

/** MongoDB from MONGODB_URI, else mongod from PATH, else the embedded FerretDB over SQLite. */
export async function provideMongo(ctx: ProvisionContext, configuredUri: string | undefined): Promise<ProvidedService> {
  if (configuredUri) return externalService('MongoDB', configuredUri, 'from MONGODB_URI');
  const mongod = await findExecutable('mongod');
  return mongod ? startMongod(ctx, mongod) : startFerretdb(ctx);
}

async function startMongod(ctx: ProvisionContext, binary: string): Promise<ProvidedService> {
  const dbPath = path.join(ctx.dataDir, 'mongod');
  await fs.mkdir(dbPath, { recursive: true });
  const port = await choosePort(ctx.preferConventionalPorts ? 27017 : undefined);
  const child = spawnService({
    name: 'mongod',
    command: binary,
    args: ['--dbpath', dbPath, '--port', String(port), '--bind_ip', '127.0.0.1', '--quiet'],
    logFile: path.join(ctx.dataDir, 'mongod.log'),
  });
  const uri = `mongodb://127.0.0.1:${port}/${databaseName}`;
  await waitForMongo(uri, child, 'mongod');
  return { name: 'MongoDB', source: 'installed', description: `mongod (${binary})`, url: uri, child, stop: () => child.stop() };
}

async function startFerretdb(ctx: ProvisionContext): Promise<ProvidedService> {
  const binary = await ensureFerretdbBinary(ctx);
  const port = await choosePort(ctx.preferConventionalPorts ? 27017 : undefined);
  let reportedUri: string | undefined;
  const child = spawnService({
    name: 'ferretdb',
    command: binary,
    args: ['-listen', `127.0.0.1:${port}`, '-data-dir', path.join(ctx.dataDir, 'ferretdb'), '-parent-pid', String(process.pid)],
    logFile: path.join(ctx.dataDir, 'ferretdb.log'),
    onStdoutLine: (line) => {
      reportedUri ??= parseReportedUri(line);
    },
  });
  const uri = `mongodb://127.0.0.1:${port}/${databaseName}`;
  await waitForMongo(uri, child, 'FerretDB');
  if (reportedUri && !reportedUri.includes(`:${port}`)) {
    await child.stop();
    throw new Error(`FerretDB reported ${reportedUri}, expected port ${port}`);
  }
  return { name: 'MongoDB', source: 'embedded', description: 'FerretDB 1.24 over SQLite (embedded)', url: uri, child, stop: () => child.stop() };
}

async function waitForMongo(uri: string, child: ChildService, what: string): Promise<void> {
  try {
    await waitUntilReady({ what, check: () => pingMongo(uri), timeoutMs: 30_000, child });
  } catch (error) {
    await child.stop();
    throw error;
  }
}

function parseReportedUri(line: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(line);
    return typeof parsed === 'object' && parsed !== null && 'uri' in parsed && typeof parsed.uri === 'string' ? parsed.uri : undefined;
  } catch {
    return undefined;
  }
}
