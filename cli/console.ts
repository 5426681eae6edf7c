import type { ProvisionedServices } from '../services/provision.js';
import type { Progress } from '../services/service.js';

/** Prints progress lines for people on stderr (stdout carries the roles' JSON logs). */
export function progressPrinter(prefix: string): Progress {
  return (message) => process.stderr.write(`[${prefix}] ${message}\n`);
}

/** The summary printed once everything runs: where to go, and what runs underneath. */
export function printBanner(options: { apiUrl: string; vendorUrl: string | undefined; services: ProvisionedServices; dataDir: string; signIn: string }): void {
  const { services } = options;
  const lines = [
    '',
    'Drumbeat is running.',
    '',
    `  App           ${options.apiUrl}/`,
    `  API docs      ${options.apiUrl}/api/docs`,
    `  Readiness     ${options.apiUrl}/readyz`,
    `  Sign-in       ${options.signIn}`,
    `  Temporal UI   ${services.temporal.uiUrl ?? '(not available: set TEMPORAL_UI_URL)'}`,
    ...(options.vendorUrl ? [`  Vendor        ${options.vendorUrl}`] : []),
    '',
    `  MongoDB       ${services.mongo.url}  — ${services.mongo.description}`,
    `  Redis         ${services.redis.url}  — ${services.redis.description}`,
    `  Temporal      ${services.temporal.url}  — ${services.temporal.description}`,
    `  Data          ${options.dataDir}`,
    '',
    'Press Ctrl-C to stop everything.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
