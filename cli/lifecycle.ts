import type { Logger } from '../observability/logger.js';

/** A started role: what to tell the supervisor, and how to stop. */
export interface RunningRole {
  /** Where the role serves HTTP, if it does. */
  url?: string;
  close(): Promise<void>;
}

/** The message a role forked by `drumbeat all` sends its supervisor once it serves. */
export interface RoleReadyMessage {
  type: 'ready';
  role: string;
  url?: string;
}

/**
 * Starts a role and keeps it until SIGINT/SIGTERM (or until its supervisor disappears), then closes
 * it gracefully; a second signal forces the exit.
 */
export async function runRole(role: string, logger: Logger, start: () => Promise<RunningRole>): Promise<void> {
  let running: RunningRole;
  try {
    running = await start();
  } catch (error) {
    logger.fatal({ err: error }, `${role} failed to start`);
    process.exit(1);
  }
  let closing = false;
  const shutdown = (reason: string): void => {
    if (closing) {
      logger.warn({ reason }, `${role} forced to exit`);
      process.exit(1);
    }
    closing = true;
    logger.info({ reason }, `${role} shutting down`);
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, `${role} did not shut down cleanly`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  if (process.send) {
    // Forked by `drumbeat all`: if the supervisor dies, the IPC channel closes and we must not linger.
    process.on('disconnect', () => shutdown('supervisor gone'));
    const message: RoleReadyMessage = { type: 'ready', role, ...(running.url ? { url: running.url } : {}) };
    process.send(message);
  }
  logger.info({ url: running.url }, `${role} ready`);
}
