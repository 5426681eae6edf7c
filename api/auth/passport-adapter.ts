import type { Strategy } from 'passport';

/** How one run of a passport strategy ended. */
export type StrategyOutcome =
  | { type: 'redirect'; url: string }
  | { type: 'success'; user: unknown; info: unknown }
  | { type: 'fail'; challenge: unknown; status: number | undefined }
  | { type: 'pass' };

interface StrategyActions {
  success(user: unknown, info?: unknown): void;
  fail(challenge?: unknown, status?: number): void;
  redirect(url: string, status?: number): void;
  pass(): void;
  error(error: unknown): void;
}

/**
 * Runs a passport strategy once and reports how it ended, without express or passport's session
 * machinery. This is what passport's own `authenticate` does: it gives a per-request copy of the
 * strategy the five actions and calls `authenticate(req, options)`. Koa then decides what to answer.
 */
export function runStrategy(strategy: Strategy, req: unknown, options: Record<string, unknown>): Promise<StrategyOutcome> {
  return new Promise((resolve, reject) => {
    const actions: StrategyActions = {
      success: (user, info) => resolve({ type: 'success', user, info }),
      fail: (challenge, status) => resolve({ type: 'fail', challenge, status }),
      redirect: (url) => resolve({ type: 'redirect', url }),
      pass: () => resolve({ type: 'pass' }),
      error: (error) => reject(error instanceof Error ? error : new Error(String(error))),
    };
    // A per-request copy, as passport makes one, so concurrent sign-ins never share these actions.
    const attempt = Object.assign(Object.create(strategy) as { authenticate(req: unknown, options: unknown): void }, actions);
    try {
      attempt.authenticate(req, options);
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
