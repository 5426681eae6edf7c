import { loadSupervisorConfig } from '../../config/supervisor.js';
import { installServiceTools } from '../../services/provision.js';
import { servicesEnvFile } from '../../services/services-env.js';
import { progressPrinter } from '../console.js';
import { startServices } from '../supervisor.js';

/** `drumbeat services install`: builds or finds the Temporal CLI and FerretDB, starting nothing. */
export async function installServicesCommand(): Promise<void> {
  const config = loadSupervisorConfig();
  await installServiceTools({ cacheDir: config.cacheDir, progress: progressPrinter('services') });
}

/**
 * `drumbeat services start`: only the services, for running roles one by one (`drumbeat api` …) in
 * other terminals; prints the variables to export and stops the services on Ctrl-C.
 */
export async function startServicesCommand(): Promise<void> {
  const config = loadSupervisorConfig();
  const services = await startServices(config);
  const exports = Object.entries(services.env).map(([key, value]) => `export ${key}=${value}`);
  process.stdout.write(`${exports.join('\n')}\n# also written to ${servicesEnvFile(config.dataDir)}\n# Ctrl-C stops the services\n`);
  const stop = async (): Promise<void> => {
    await services.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
