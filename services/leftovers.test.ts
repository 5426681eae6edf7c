import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../test/helpers/processes.js';
import { reapLeftoverServices, recordServiceProcesses } from './leftovers.js';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'drumbeat-leftovers-'));
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

function spawnDetached(args: string[], cwd?: string): number {
  const child = spawn('sh', args, { detached: true, stdio: 'ignore', cwd });
  child.unref();
  return child.pid!;
}

describe('services left behind by a crashed run', () => {
  it('are stopped at the next start, while a recorded pid now used by something else is left alone', async () => {
    // A "service" whose command line names the data directory, as ours do (--dir, --db-filename …).
    const leftover = spawnDetached(['-c', 'sleep 300', dataDir]);
    // Like Redis: a rewritten process title, but working inside the data directory.
    await fs.mkdir(path.join(dataDir, 'redis'), { recursive: true });
    const workingInside = spawnDetached(['-c', 'sleep 300'], path.join(dataDir, 'redis'));
    const unrelated = spawnDetached(['-c', 'sleep 300']);
    try {
      await recordServiceProcesses(dataDir, [leftover, workingInside, unrelated]);
      const messages: string[] = [];
      expect(await reapLeftoverServices(dataDir, (message) => messages.push(message))).toBe(2);
      await expect.poll(() => isAlive(leftover) || isAlive(workingInside), { timeout: 5_000 }).toBe(false);
      expect(isAlive(unrelated)).toBe(true);
      expect(messages[0]).toMatch(/stopping 2 service process/);
      await expect(fs.access(path.join(dataDir, 'services.pids'))).rejects.toThrow();
    } finally {
      for (const pid of [leftover, workingInside, unrelated]) if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
    }
  });

  it('does nothing when the last run stopped cleanly', async () => {
    expect(await reapLeftoverServices(dataDir, () => {})).toBe(0);
  });
});
