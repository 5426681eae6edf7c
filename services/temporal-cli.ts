import path from 'node:path';
import { executableAt, findExecutable, findGo, goBinDir } from './executables.js';
import { buildAtomically, runGo } from './go-build.js';
import type { Progress } from './service.js';

/** The Temporal CLI release Drumbeat is tested with. */
export const temporalCliModule = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/**
 * Finds the `temporal` CLI on PATH, in ~/go/bin or in our cache; else, where Go exists, installs the
 * pinned release into the cache. Undefined means neither worked and another way must be tried.
 */
export async function findOrInstallTemporalCli(options: {
  cacheDir: string;
  progress: Progress;
  allowInstall: boolean;
}): Promise<string | undefined> {
  const cached = path.join(options.cacheDir, 'bin', 'temporal');
  const found = (await findExecutable('temporal', [goBinDir()])) ?? (await executableAt(cached));
  if (found) return found;
  const go = await findGo();
  if (!go || !options.allowInstall) return undefined;
  options.progress(`Temporal: installing the Temporal CLI (go install ${temporalCliModule}; first run only, several minutes)…`);
  return buildAtomically(cached, async (scratchDir) => {
    await runGo({ go, args: ['install', temporalCliModule], env: { GOBIN: scratchDir }, what: 'Temporal CLI', progress: options.progress });
    return path.join(scratchDir, 'temporal');
  });
}
