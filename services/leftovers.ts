import fs from 'node:fs/promises';
import path from 'node:path';
import { processExists } from './child-process.js';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Progress } from './service.js';

// A supervisor killed with SIGKILL cannot stop its services. Redis and the Temporal dev server have
// no way to notice their parent is gone, so the next start finds them here and stops them before
// starting new ones over the same files. (FerretDB and the roles exit by themselves.)

function pidsFile(dataDir: string): string {
  return path.join(dataDir, 'services.pids');
}

/** Records the service processes started for a data directory. */
export async function recordServiceProcesses(dataDir: string, pids: number[]): Promise<void> {
  await fs.writeFile(pidsFile(dataDir), JSON.stringify(pids));
}

/** Forgets the recorded processes once they were stopped cleanly. */
export async function forgetServiceProcesses(dataDir: string): Promise<void> {
  await fs.rm(pidsFile(dataDir), { force: true });
}

/**
 * Stops services a crashed run left behind for this data directory. A recorded pid is only touched
 * while it still works in or names the data directory, so a recycled pid is never killed.
 * Returns how many were stopped.
 */
export async function reapLeftoverServices(dataDir: string, progress: Progress): Promise<number> {
  const recorded = await fs.readFile(pidsFile(dataDir), 'utf8').catch(() => '[]');
  const pids = (JSON.parse(recorded) as unknown[]).filter((pid): pid is number => Number.isInteger(pid) && (pid as number) > 0);
  const leftovers: number[] = [];
  for (const pid of pids) {
    if (await belongsToDataDir(pid, dataDir)) leftovers.push(pid);
  }
  if (leftovers.length > 0) {
    progress(`stopping ${leftovers.length} service process(es) left running by an earlier run that did not exit cleanly`);
    await Promise.all(leftovers.map((pid) => stopGroup(pid)));
  }
  await forgetServiceProcesses(dataDir);
  return leftovers.length;
}

// Temporal names the data directory on its command line; Redis rewrites its process title but works
// inside the data directory, so its working directory gives it away.
async function belongsToDataDir(pid: number, dataDir: string): Promise<boolean> {
  const commandLine = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const workingDir = await fs.readlink(`/proc/${pid}/cwd`).catch(() => '');
  return commandLine.includes(dataDir) || workingDir === dataDir || workingDir.startsWith(`${dataDir}${path.sep}`);
}

async function stopGroup(pid: number): Promise<void> {
  signal(pid, 'SIGTERM');
  for (let waited = 0; waited < 10_000 && processExists(pid); waited += 100) await sleep(100);
  signal(pid, 'SIGKILL');
}

function signal(pid: number, name: NodeJS.Signals): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, name);
    } catch {
      // Gone already, or not a group leader.
    }
  }
}

