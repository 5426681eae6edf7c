import fs from 'node:fs/promises';
import path from 'node:path';

/** A file's modification time, or undefined when it does not exist. */
export async function modifiedTime(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest modification time among files and folders (searched recursively), ignoring tests. */
export async function newestModifiedTime(entries: string[]): Promise<number | undefined> {
  let newest: number | undefined;
  for (const entry of entries) {
    const stat = await fs.stat(entry).catch(() => undefined);
    if (!stat) continue;
    const time = stat.isDirectory()
      ? await newestModifiedTime(
          (await fs.readdir(entry)).filter((name) => !name.includes('.test.') && name !== 'node_modules').map((name) => path.join(entry, name)),
        )
      : stat.mtimeMs;
    if (time !== undefined && (newest === undefined || time > newest)) newest = time;
  }
  return newest;
}

/** True when `output` is missing or older than any of `sources`: a build is due. */
export async function isStale(output: string, sources: string[]): Promise<boolean> {
  const built = await modifiedTime(output);
  if (built === undefined) return true;
  const newestSource = await newestModifiedTime(sources);
  return newestSource !== undefined && newestSource > built;
}
