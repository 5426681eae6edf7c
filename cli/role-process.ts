import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { stopProcessGroup } from '../services/child-process.js';
import { projectRoot } from '../config/project-root.js';
import type { RoleReadyMessage } from './lifecycle.js';

export type RoleName = 'api' | 'worker' | 'consumers' | 'vendor';

/** A role running as a child of `drumbeat all`. */
export interface RoleProcess {
  role: RoleName;
  child: ChildProcess;
  /** Resolves when the role reports it serves; rejects if it exits first or takes too long. */
  ready: Promise<RoleReadyMessage>;
  exited: Promise<number | null>;
  stop(graceMs: number): Promise<void>;
}

/**
 * Forks `drumbeat <role>` in its own process group (so a terminal's Ctrl-C reaches only the
 * supervisor, which stops roles before services) with an IPC channel for its ready message.
 */
export function forkRole(role: RoleName, env: NodeJS.ProcessEnv, readyTimeoutMs: number): RoleProcess {
  const child = fork(path.join(projectRoot(), 'bin', 'drumbeat.js'), [role], {
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<RoleReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not become ready within ${readyTimeoutMs / 1000}s`)), readyTimeoutMs);
    child.on('message', (message: RoleReadyMessage) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve(message);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited during start-up (exit code ${code})`));
    });
  });
  ready.catch(() => {});
  return { role, child, ready, exited, stop: (graceMs) => stopProcessGroup(child, exited, graceMs) };
}
