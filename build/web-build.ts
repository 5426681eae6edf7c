import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../config/project-root.js';
import type { Progress } from '../services/service.js';
import { isStale } from './freshness.js';

/** Where the API serves the built web app from. */
export function webDistDir(): string {
  return path.join(projectRoot(), 'dist', 'web');
}

/** Builds the web app with Vite when its build is missing or older than its sources. */
export async function ensureFreshWebBuild(progress: Progress): Promise<void> {
  const root = projectRoot();
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((entry) => path.join(root, entry));
  if (!(await isStale(path.join(webDistDir(), 'index.html'), sources))) return;
  progress('Web app: building with Vite…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`the web build failed (vite exited ${code})`);
  progress('Web app: built');
}
