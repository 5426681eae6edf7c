import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { findExecutable } from './executables.js';
import { startRedisServer } from './redis-server.js';
import type { ProvisionContext } from './service.js';
import { provideTemporal } from './temporal-server.js';
import { testServices } from '../test/helpers/services.js';

const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'drumbeat-persist-'));
afterAll(() => fs.rm(scratch, { recursive: true, force: true }));

function context(name: string): ProvisionContext {
  return { dataDir: path.join(scratch, name), cacheDir: testServices().cacheDir, progress: () => {}, preferConventionalPorts: false, allowInstall: false };
}

describe('embedded services keep their data across a restart', () => {
  it('Temporal: a workflow started before a restart is still there after it', async () => {
    const ctx = context('temporal');
    const configured = { address: undefined, uiUrl: undefined, namespace: 'default' };
    const workflowId = `survives-restart-${Date.now()}`;

    const first = await provideTemporal(ctx, configured);
    const connection = await Connection.connect({ address: first.url });
    // No worker polls this queue: the workflow simply waits, recorded in the database file.
    await new Client({ connection }).workflow.start('diagnosticsWorkflow', { taskQueue: 'nobody-polls-this', workflowId, args: [{ probeId: 'x' }] });
    await connection.close();
    await first.stop();

    const second = await provideTemporal(ctx, configured);
    try {
      const again = await Connection.connect({ address: second.url });
      const description = await new Client({ connection: again }).workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
      await again.close();
    } finally {
      await second.stop();
    }
  }, 180_000);

  it('Redis: stream entries written before a restart are read back after it (append-only file)', async () => {
    const binary = await findExecutable('redis-server', ['/usr/sbin', '/usr/local/bin']);
    if (!binary) throw new Error('redis-server is needed for this test');
    const ctx = context('redis');
    const first = await startRedisServer(ctx, binary);
    const writer = new Redis(first.url);
    const id = await writer.xadd('durable', '*', 'data', '{"n":1}');
    writer.disconnect();
    await first.stop();

    const second = await startRedisServer(ctx, binary);
    try {
      const reader = new Redis(second.url);
      const entries = await reader.xrange('durable', '-', '+');
      reader.disconnect();
      expect(entries).toEqual([[id, ['data', '{"n":1}']]]);
    } finally {
      await second.stop();
    }
  });
});
