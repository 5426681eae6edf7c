import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import type { Progress } from './service.js';

const heartbeatMs = 15_000;

/**
 * Runs one `go` command, turning its "go: downloading …" lines and a periodic heartbeat into progress,
 * so a first run that compiles for minutes never looks hung.
 */
export async function runGo(options: {
  go: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  what: string;
  progress: Progress;
}): Promise<void> {
  const started = Date.now();
  const output: string[] = [];
  let downloads = 0;
  const child = spawn(options.go, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const onLine = (line: string): void => {
    output.push(line);
    if (line.startsWith('go: downloading ')) {
      downloads += 1;
      if (downloads === 1 || downloads % 25 === 0) {
        options.progress(`${options.what}: downloading Go modules (${downloads} so far, ${line.slice(16)})`);
      }
    }
  };
  readline.createInterface({ input: child.stdout }).on('line', onLine);
  readline.createInterface({ input: child.stderr }).on('line', onLine);
  const heartbeat = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    options.progress(`${options.what}: still compiling (${seconds}s, ${downloads} modules downloaded)`);
  }, heartbeatMs);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) {
      throw new Error(`${options.what}: \`go ${options.args.join(' ')}\` failed (exit ${code}):\n${output.slice(-30).join('\n')}`);
    }
  } finally {
    clearInterval(heartbeat);
  }
  options.progress(`${options.what}: done in ${Math.round((Date.now() - started) / 1000)}s`);
}

/**
 * Builds into a scratch path and renames it into place, so an interrupted build never leaves a
 * half-written binary that a later run would trust.
 */
export async function buildAtomically(target: string, build: (scratchDir: string) => Promise<string>): Promise<string> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const scratchDir = await fs.mkdtemp(`${target}.building-`);
  try {
    const built = await build(scratchDir);
    await fs.rename(built, target);
    return target;
  } finally {
    await fs.rm(scratchDir, { recursive: true, force: true });
  }
}
