import fs from 'node:fs/promises';
import path from 'node:path';
import { processExists } from './child-process.js';

/** Another Drumbeat already runs services from this data directory. */
export class DataDirInUseError extends Error {
  constructor(dataDir: string, pid: number) {
    super(`Drumbeat is already running from ${dataDir} (pid ${pid}). Stop it first, or set DRUMBEAT_DATA_DIR to another directory.`);
    this.name = 'DataDirInUseError';
  }
}


/**
 * Claims the data directory for this process, so two supervisors never run two database servers
 * over the same files. A lock left by a process that is gone is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<{ release(): Promise<void> }> {
  await fs.mkdir(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'drumbeat.pid');
  for (;;) {
    try {
      await fs.writeFile(lockFile, String(process.pid), { flag: 'wx' });
      return { release: () => fs.rm(lockFile, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''));
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processExists(owner)) throw new DataDirInUseError(dataDir, owner);
      await fs.rm(lockFile, { force: true });
    }
  }
}
