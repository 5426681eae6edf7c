import fs from 'node:fs/promises';
import path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Logger } from '../observability/logger.js';
import { isStale } from '../build/freshness.js';
import { projectRoot } from '../config/project-root.js';
import { temporalLoggerFrom } from '../observability/temporal-logger.js';

// Sources whose code can end up in the workflow bundle: workflows and the pure code they import.
const bundledSources = ['workflows', 'domain', 'temporal/search-attributes.ts'];

/** Where `npm run build` puts the prebuilt workflow bundle the worker loads. */
export function defaultWorkflowBundlePath(): string {
  return path.join(projectRoot(), 'dist', 'workflow-bundle.js');
}

/** Bundles workflows/ once (webpack, seconds) so workers start from code instead of re-bundling. */
export async function buildWorkflowBundle(outFile: string, logger?: Logger): Promise<string> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(projectRoot(), 'workflows', 'index.ts'),
    // Webpack's statistics are noise in the logs; only its warnings and errors are kept.
    logger: logger ? temporalLoggerFrom(logger.child({ component: 'workflow-bundler' }, { level: 'warn' })) : undefined,
  });
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  const scratch = `${outFile}.${process.pid}.tmp`;
  await fs.writeFile(scratch, code);
  await fs.rename(scratch, outFile);
  return outFile;
}

/**
 * Rebuilds the bundle when a source it contains is newer, so a checkout never runs yesterday's
 * workflows; a deployment built by `npm run build` finds it fresh and loads it as is.
 */
export async function ensureFreshWorkflowBundle(bundlePath: string, logger: Logger): Promise<string> {
  if (!(await isStale(bundlePath, bundledSources.map((source) => path.join(projectRoot(), source))))) return bundlePath;
  logger.info({ bundlePath }, 'building the workflow bundle from sources');
  return buildWorkflowBundle(bundlePath, logger);
}
