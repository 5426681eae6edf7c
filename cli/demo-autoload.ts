import { openDatabase } from '../db/open.js';
import type { Progress } from '../services/service.js';
import { loadDemoData, type DemoLoad } from './demo-data-loader.js';

/** What a first `npm start` loads into an empty database. */
export const autoloadedDemo = { seed: 42, customers: 10_000, orders: 30_000 } as const satisfies DemoLoad;

// Stopping waits this long for the load to notice the abort and revoke its key, then moves on.
const stopGraceMs = 5_000;

/** A demo load running in the background of the supervisor. */
export interface DemoAutoload {
  /** Aborts the load (if still running) and waits briefly for it to revoke its key and disconnect. */
  stop(): Promise<void>;
}

const count = (value: number): string => value.toLocaleString('en-US');

/**
 * Starts loading the demo data in the background if the database has no customers yet. It announces
 * itself with one line on stdout, reports its outcome with one progress line, and never throws:
 * a failed demo load is worth a line, not the system.
 */
export function startDemoAutoload(options: { mongoUri: string; apiUrl: string; progress: Progress; announce: (line: string) => void }): DemoAutoload {
  const abort = new AbortController();
  const running = (async () => {
    const database = await openDatabase(options.mongoUri);
    try {
      if (abort.signal.aborted || (await database.models.customers.exists({}))) return;
      const { customers, orders } = autoloadedDemo;
      options.announce(`Loading demo data: ${count(customers)} customers, ${count(orders)} orders… (DRUMBEAT_DEMO=0 to skip)`);
      const summary = await loadDemoData(autoloadedDemo, { apiUrl: options.apiUrl, models: database.models, signal: abort.signal });
      const lost = summary.customers.rejected + summary.customers.deadLettered + summary.orders.rejected + summary.orders.deadLettered;
      options.progress(
        `demo data loaded: ${count(summary.customers.persisted)} customers, ${count(summary.orders.persisted)} orders in ${Math.round(summary.elapsedMs / 1000)} s` +
          (lost > 0 ? ` (${count(lost)} records not persisted)` : ''),
      );
    } finally {
      await database.close();
    }
  })().catch((error: unknown) => {
    if (abort.signal.aborted) return;
    options.progress(`demo data not loaded: ${error instanceof Error ? error.message : String(error)} (try \`npx drumbeat seed\`)`);
  });

  return {
    async stop() {
      abort.abort();
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, stopGraceMs).unref())]);
    },
  };
}
