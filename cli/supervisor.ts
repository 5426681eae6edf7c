import { ensureFreshWebBuild, webDistDir } from '../build/web-build.js';
import { loadSupervisorConfig, type SupervisorConfig } from '../config/supervisor.js';
import { provisionServices, type ProvisionedServices } from '../services/provision.js';
import { lockDataDir } from '../services/data-dir-lock.js';
import { forgetServiceProcesses, reapLeftoverServices, recordServiceProcesses } from '../services/leftovers.js';
import { removeServicesEnv, writeServicesEnv } from '../services/services-env.js';
import { printBanner, progressPrinter } from './console.js';
import { describeSignIn } from '../config/auth.js';
import { startDemoAutoload, type DemoAutoload } from './demo-autoload.js';
import { forkRole, type RoleName, type RoleProcess } from './role-process.js';
import { runningFromSources } from './runtime-mode.js';

const roles: RoleName[] = ['api', 'worker', 'consumers', 'vendor'];
const roleReadyTimeoutMs = 180_000;
// The worker drains in-flight activities (WORKER_SHUTDOWN_GRACE, 30 s by default) before it exits.
const roleStopGraceMs = 40_000;

/** Claims the data directory, provides the services and records their URLs; `stop()` undoes all three. */
export async function startServices(config: SupervisorConfig): Promise<ProvisionedServices> {
  const lock = await lockDataDir(config.dataDir);
  const progress = progressPrinter('services');
  await reapLeftoverServices(config.dataDir, progress);
  const services = await provisionServices({
    dataDir: config.dataDir,
    cacheDir: config.cacheDir,
    progress,
    preferConventionalPorts: true,
    configured: config.configuredServices,
  }).catch(async (error: unknown) => {
    await lock.release();
    throw error;
  });
  await writeServicesEnv(config.dataDir, services.env);
  const children = [services.mongo, services.redis, services.temporal].flatMap((service) => (service.child ? [service.child.pid] : []));
  await recordServiceProcesses(config.dataDir, children);
  return {
    ...services,
    stop: async () => {
      await services.stop();
      await forgetServiceProcesses(config.dataDir);
      await removeServicesEnv(config.dataDir);
      await lock.release();
    },
  };
}

/** Where the worker reaches the vendor, unless VENDOR_URL says otherwise (unknown with VENDOR_PORT=0). */
function workerVendorUrl(vendorPort: number): NodeJS.ProcessEnv {
  if (process.env.VENDOR_URL || vendorPort === 0) return {};
  return { VENDOR_URL: `http://127.0.0.1:${vendorPort}` };
}

/**
 * Where the vendor posts receipts: the API's webhook, unless VENDOR_RECEIPT_URL says otherwise. With
 * PORT=0 the API's port is unknown until it listens, so receipts then wait for an explicit URL.
 */
function vendorReceiptUrl(apiPort: number): NodeJS.ProcessEnv {
  if (process.env.VENDOR_RECEIPT_URL || apiPort === 0) return {};
  return { VENDOR_RECEIPT_URL: `http://127.0.0.1:${apiPort}/api/delivery-receipts` };
}

/**
 * `drumbeat all` (`npm start`): services, then every role as a child process, then the URLs.
 * Ctrl-C (or SIGTERM) stops the roles, then the services it started, and leaves nothing running;
 * a role that dies takes the whole system down rather than leaving it half alive.
 */
export async function runAll(): Promise<void> {
  const config = loadSupervisorConfig();
  const progress = progressPrinter('drumbeat');
  let services: ProvisionedServices | undefined;
  const running: RoleProcess[] = [];
  let demo: DemoAutoload | undefined;
  let stopping: Promise<void> | undefined;

  const stopAll = (reason: string, exitCode: number): Promise<void> =>
    (stopping ??= (async () => {
      progress(`stopping (${reason})…`);
      // First, while the API and MongoDB still run, so the demo load can revoke its temporary key.
      await demo?.stop();
      await Promise.all(running.map((role) => role.stop(roleStopGraceMs)));
      await services?.stop();
      progress('stopped; nothing left running');
      process.exit(exitCode);
    })());

  process.on('SIGINT', () => void stopAll('SIGINT', 0));
  process.on('SIGTERM', () => void stopAll('SIGTERM', 0));

  try {
    const [provisioned] = await Promise.all([startServices(config), runningFromSources() ? ensureFreshWebBuild(progress) : undefined]);
    services = provisioned;
    if (stopping) return;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...services.env,
      PORT: String(config.apiPort),
      VENDOR_PORT: String(config.vendorPort),
      ...vendorReceiptUrl(config.apiPort),
      ...workerVendorUrl(config.vendorPort),
      WEB_DIST_DIR: webDistDir(),
    };
    for (const role of roles) {
      const child = forkRole(role, env, roleReadyTimeoutMs);
      running.push(child);
      void child.exited.then((code) => {
        if (!stopping) void stopAll(`${role} exited with code ${code}`, 1);
      });
    }
    const ready = await Promise.all(running.map((role) => role.ready));
    if (stopping) return;
    const urlOf = (role: RoleName): string | undefined => ready.find((message) => message.role === role)?.url;
    const apiUrl = urlOf('api') ?? '';
    // Recorded so commands run beside `npm start` (`drumbeat seed`) find the API as they find the services.
    await writeServicesEnv(config.dataDir, { ...services.env, DRUMBEAT_API_URL: apiUrl });
    printBanner({ apiUrl, vendorUrl: urlOf('vendor'), services, dataDir: config.dataDir, signIn: describeSignIn(env) });
    if (config.demoData && !stopping) {
      const announce = (line: string): boolean => process.stdout.write(`${line}\n\n`);
      demo = startDemoAutoload({ mongoUri: services.env.MONGODB_URI ?? '', apiUrl, progress, announce });
    }
  } catch (error) {
    progress(error instanceof Error ? error.message : String(error));
    await stopAll('start-up failed', 1);
  }
}
