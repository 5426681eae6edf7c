import { performance } from 'node:perf_hooks';
import type { Readiness } from '../../domain/system.js';

export const dependencyNames = ['mongo', 'redis', 'temporal'] as const;
export type DependencyName = (typeof dependencyNames)[number];

/** Checks one dependency; resolves when it is usable. */
export type DependencyCheck = (timeoutMs: number) => Promise<void>;

/**
 * Runs every dependency check in parallel, each bounded by `timeoutMs`, and reports them separately
 * so an operator sees which service is down instead of a bare 503.
 */
export async function checkReadiness(checks: Record<DependencyName, DependencyCheck>, timeoutMs: number): Promise<Readiness> {
  const entries = await Promise.all(
    dependencyNames.map(async (name) => {
      const started = performance.now();
      try {
        await withTimeout(checks[name](timeoutMs), timeoutMs);
        return [name, { status: 'ok' as const, latencyMs: elapsed(started) }] as const;
      } catch (error) {
        return [name, { status: 'down' as const, latencyMs: elapsed(started), error: describe(error) }] as const;
      }
    }),
  );
  const results = Object.fromEntries(entries) as Readiness['checks'];
  const allOk = Object.values(results).every((result) => result.status === 'ok');
  return { status: allOk ? 'ok' : 'unavailable', checks: results };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

// Only the error's first line: enough to diagnose, never a stack trace or a connection string.
function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').replace(/\/\/[^@/]*@/g, '//***@').slice(0, 200);
}
