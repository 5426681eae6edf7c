import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from './data-dir-lock.js';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'drumbeat-lock-'));
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

describe('the data directory lock', () => {
  it('refuses a second Drumbeat on the same data directory, naming the running one', async () => {
    const other = spawn('sleep', ['30']);
    await fs.writeFile(path.join(dataDir, 'drumbeat.pid'), String(other.pid));
    try {
      const error: unknown = await lockDataDir(dataDir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataDirInUseError);
      expect(String(error)).toContain(`pid ${other.pid}`);
    } finally {
      other.kill('SIGKILL');
      await new Promise((resolve) => other.once('exit', resolve));
    }
  });

  it('takes over a lock whose process is gone, and releases it', async () => {
    const lock = await lockDataDir(dataDir);
    expect(await fs.readFile(path.join(dataDir, 'drumbeat.pid'), 'utf8')).toBe(String(process.pid));
    await lock.release();
    await expect(fs.access(path.join(dataDir, 'drumbeat.pid'))).rejects.toThrow();
  });
});
