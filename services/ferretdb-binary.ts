import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { executableAt, findGo } from './executables.js';
import { buildAtomically, runGo } from './go-build.js';
import { projectRoot } from '../config/project-root.js';
import { ServiceUnavailableError, type Progress } from './service.js';

/** Every file the build reads: the Go sources of our main and the module files. */
async function sourceFiles(): Promise<string[]> {
  const entries = await fs.readdir(ferretdbSourceDir());
  return entries.filter((name) => name.endsWith('.go') || name === 'go.mod' || name === 'go.sum').sort();
}

/** The folder of our tiny Go main that embeds FerretDB. */
export function ferretdbSourceDir(): string {
  return path.join(projectRoot(), 'services', 'ferretdb');
}

/**
 * The cached FerretDB binary, named by a hash of its sources so that bumping FerretDB in go.mod
 * builds a new one instead of running a stale cache.
 */
export async function ferretdbBinaryPath(cacheDir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await sourceFiles()) {
    hash.update(file);
    hash.update(await fs.readFile(path.join(ferretdbSourceDir(), file)));
  }
  return path.join(cacheDir, 'bin', `drumbeat-ferretdb-${hash.digest('hex').slice(0, 12)}`);
}

/** Returns the cached FerretDB binary, building it through the Go module proxy the first time. */
export async function ensureFerretdbBinary(options: { cacheDir: string; progress: Progress; allowInstall: boolean }): Promise<string> {
  const target = await ferretdbBinaryPath(options.cacheDir);
  if (await executableAt(target)) return target;
  const go = await findGo();
  if (!go || !options.allowInstall) {
    throw new ServiceUnavailableError('MongoDB', go ? 'FerretDB is not built yet' : 'no mongod on PATH and no Go toolchain to build FerretDB', [
      'set MONGODB_URI to a running MongoDB 7 (mongodb://host:27017/drumbeat)',
      'put mongod on PATH',
      'install Go >= 1.24 so Drumbeat can build its embedded FerretDB (npx drumbeat services install)',
    ]);
  }
  options.progress('MongoDB: building the embedded FerretDB 1.24 server (first run only, a few minutes)…');
  return buildAtomically(target, async (scratchDir) => {
    const output = path.join(scratchDir, 'drumbeat-ferretdb');
    await runGo({
      go,
      args: ['build', '-trimpath', '-o', output, '.'],
      cwd: ferretdbSourceDir(),
      env: { CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      what: 'FerretDB',
      progress: options.progress,
    });
    return output;
  });
}
