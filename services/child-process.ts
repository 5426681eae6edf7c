import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import readline from 'node:readline';

/** A long-running child process that Drumbeat started and must stop. */
export interface ChildService {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  readonly exited: Promise<number | null>;
  /** True once the process has exited. */
  hasExited(): boolean;
  /** SIGTERM to the process group, SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines the process printed, for error messages. */
  logTail(): string;
}

export interface SpawnServiceOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Every line of output is appended here, so a failed start can be investigated afterwards. */
  logFile: string;
  onStdoutLine?: (line: string) => void;
}

const tailSize = 40;

/**
 * Spawns a service in its own process group. Its own group means a Ctrl-C in the terminal reaches only
 * the supervisor, which then stops roles before services, in order, instead of everything at once.
 */
export function spawnService(options: SpawnServiceOptions): ChildService {
  const log = fs.createWriteStream(options.logFile, { flags: 'a' });
  const tail: string[] = [];
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw new Error(`${options.name}: could not start ${options.command}`);
  }
  const remember = (line: string): void => {
    log.write(`${line}\n`);
    tail.push(line);
    if (tail.length > tailSize) tail.shift();
  };
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    remember(line);
    options.onStdoutLine?.(line);
  });
  readline.createInterface({ input: child.stderr }).on('line', remember);

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exitCode = code;
      log.end();
      resolve(code);
    });
    child.once('error', (error) => {
      remember(`spawn error: ${error.message}`);
      exitCode = null;
      resolve(null);
    });
  });

  return {
    name: options.name,
    pid: child.pid,
    exited,
    hasExited: () => exitCode !== undefined,
    stop: (graceMs = 10_000) => stopProcessGroup(child, exited, graceMs),
    logTail: () => tail.join('\n'),
  };
}

/** Stops a process group politely, then firmly; used for services and roles alike. */
export async function stopProcessGroup(
  child: ChildProcess,
  exited: Promise<unknown>,
  graceMs: number,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  signalGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
  // A service may leave helpers in its group; none of them may outlive it.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** True while a process with this id exists (EPERM means it exists but belongs to someone else). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
