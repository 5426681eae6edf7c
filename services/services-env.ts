import fs from 'node:fs/promises';
import path from 'node:path';

/** The file where a running `drumbeat all` / `drumbeat services start` records the service URLs. */
export function servicesEnvFile(dataDir: string): string {
  return path.join(dataDir, 'services.env');
}

/** Records the service variables so `drumbeat doctor` and single roles can find running services. */
export async function writeServicesEnv(dataDir: string, env: Record<string, string>): Promise<void> {
  const lines = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  await fs.writeFile(servicesEnvFile(dataDir), `# Written by drumbeat while its services run; removed when they stop.\n${lines.join('\n')}\n`);
}

/** The recorded service variables, or an empty object when nothing is running. */
export async function readServicesEnv(dataDir: string): Promise<Record<string, string>> {
  const text = await fs.readFile(servicesEnvFile(dataDir), 'utf8').catch(() => '');
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** Forgets the recorded variables once the services are stopped. */
export async function removeServicesEnv(dataDir: string): Promise<void> {
  await fs.rm(servicesEnvFile(dataDir), { force: true });
}
