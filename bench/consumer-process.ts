import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root.js';
import type { RoleReadyMessage } from '../cli/lifecycle.js';
import { stopProcessGroup } from '../services/child-process.js';

/** `drumbeat consumers` running as a child process, so its memory can be measured on its own. */
export interface ConsumerProcess {
  pid: number;
  /** Resolves with the exit code once the process is gone. */
  exited: Promise<number | null>;
  hasExited(): boolean;
  /** SIGTERM (the role finishes its batch and closes), SIGKILL after the grace period. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines the role logged. */
  logTail(lines?: number): string;
  /** Log lines at warn level or above, a sign the measured run was not a clean one. */
  warnings(): string[];
}

/**
 * Forks `node bin/drumbeat.js consumers` with the given environment, in its own process group and
 * with its output in `logFile`, and waits for its ready message.
 */
export async function startConsumerProcess(options: { env: Record<string, string>; logFile: string; readyTimeoutMs?: number }): Promise<ConsumerProcess> {
  const log = fs.openSync(options.logFile, 'a');
  const child = fork(path.join(projectRoot(), 'bin', 'drumbeat.js'), ['consumers'], {
    env: { ...process.env, ...options.env },
    // Plain `node`: the benchmark's own tsx loader flags must not be inherited (bin/drumbeat.js registers tsx itself).
    execArgv: [],
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error('could not start `drumbeat consumers`');
  const pid = child.pid;
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      resolve(code);
    });
  });
  const readLog = (): string[] => {
    try {
      return fs.readFileSync(options.logFile, 'utf8').split('\n').filter((line) => line.trim() !== '');
    } catch {
      return [];
    }
  };
  const consumer: ConsumerProcess = {
    pid,
    exited,
    hasExited: () => exitCode !== undefined,
    stop: (graceMs = 15_000) => stopProcessGroup(child, exited, graceMs),
    logTail: (lines = 20) => readLog().slice(-lines).join('\n'),
    warnings: () => readLog().filter((line) => /"level":"(warn|error|fatal)"/.test(line)),
  };

  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the consumers did not become ready within ${timeoutMs / 1000} s`)), timeoutMs);
      child.on('message', (message: RoleReadyMessage) => {
        if (message.type === 'ready') resolve();
      });
      void exited.then((code) => reject(new Error(`the consumers exited during start-up (exit code ${code})`)));
    });
  } catch (error) {
    await consumer.stop(2_000);
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${consumer.logTail()}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
  return consumer;
}
