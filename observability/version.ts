import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root.js';

let version: string | undefined;

/** Drumbeat's version from package.json. */
export function drumbeatVersion(): string {
  if (version) return version;
  const manifest: unknown = JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8'));
  version = typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  return version;
}
