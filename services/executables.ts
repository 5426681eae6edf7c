import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The absolute path of an executable file, or undefined. */
export async function executableAt(file: string): Promise<string | undefined> {
  try {
    await fs.access(file, fs.constants.X_OK);
    const stat = await fs.stat(file);
    return stat.isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

/** Looks a command up on PATH, then in `extraDirs`, like a shell would. */
export async function findExecutable(name: string, extraDirs: string[] = []): Promise<string | undefined> {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    const found = await executableAt(path.join(dir, name));
    if (found) return found;
  }
  return undefined;
}

/** Where `go install` puts binaries by default: ~/go/bin. */
export function goBinDir(): string {
  return path.join(process.env.GOPATH ?? path.join(os.homedir(), 'go'), 'bin');
}

/** The Go toolchain, from PATH or its usual install location. */
export function findGo(): Promise<string | undefined> {
  return findExecutable('go', ['/usr/local/go/bin', path.join(os.homedir(), 'go', 'bin'), '/usr/lib/go/bin']);
}
