import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The checkout's root folder (the one holding Drumbeat's package.json), from sources or from dist/. */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && readName(manifest) === 'drumbeat') return (cached = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Drumbeat project root (package.json named "drumbeat")');
    dir = parent;
  }
}

function readName(manifest: string): string | undefined {
  const parsed: unknown = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  return typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string'
    ? parsed.name
    : undefined;
}
