import { createLogger } from '../../observability/logger.js';
import { buildWorkflowBundle, defaultWorkflowBundlePath } from '../../temporal/workflow-bundle.js';

/** `drumbeat build-workflows [--out FILE]`: the prebuilt bundle workers load instead of bundling at start. */
export async function buildWorkflowsCommand(): Promise<void> {
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex > 0 ? process.argv[outIndex + 1] : undefined;
  const logger = createLogger({ role: 'build', level: 'warn' });
  const written = await buildWorkflowBundle(out ?? defaultWorkflowBundlePath(), logger);
  process.stdout.write(`workflow bundle written to ${written}\n`);
}
