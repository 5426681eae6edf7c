import { setTimeout as sleep } from 'node:timers/promises';
import type { ChildService } from './child-process.js';

/**
 * Polls `check` until it resolves, failing after `timeoutMs` or as soon as `child` exits,
 * with the child's last output in the message so the cause is visible.
 */
export async function waitUntilReady(options: {
  what: string;
  check: () => Promise<void>;
  timeoutMs: number;
  intervalMs?: number;
  child?: ChildService;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (options.child?.hasExited()) {
      throw new Error(`${options.what} exited during start-up. Its last output:\n${options.child.logTail()}`);
    }
    try {
      await options.check();
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      const output = options.child ? `\nIts last output:\n${options.child.logTail()}` : '';
      throw new Error(`${options.what} was not ready after ${options.timeoutMs} ms: ${reason}${output}`);
    }
    await sleep(options.intervalMs ?? 250);
  }
}
