import fs from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { pingTemporalConnection } from '../temporal/client.js';
import { drumbeatSearchAttributes, searchAttributeCliArgs } from '../temporal/search-attributes.js';
import { spawnService } from './child-process.js';
import { choosePort } from './ports.js';
import { externalService, ServiceUnavailableError, type ProvidedService, type ProvisionContext } from './service.js';
import { findOrInstallTemporalCli } from './temporal-cli.js';
import { waitUntilReady } from './wait.js';

/** A Temporal service plus the URL of its Web UI, when there is one. */
export type ProvidedTemporal = ProvidedService & { readonly uiUrl?: string };

/** Answers when the Temporal frontend at `address` serves `namespace`. */
export async function pingTemporal(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    await pingTemporalConnection(connection, namespace, 2_000);
  } finally {
    await connection.close();
  }
}

async function pingHttp(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

/**
 * Temporal from TEMPORAL_ADDRESS, else the Temporal CLI dev server (found, or built with Go, or
 * downloaded by the SDK), with its Web UI, our search attributes, and a database file that keeps
 * workflows across restarts.
 */
export async function provideTemporal(
  ctx: ProvisionContext,
  configured: { address: string | undefined; uiUrl: string | undefined; namespace: string },
): Promise<ProvidedTemporal> {
  if (configured.address) {
    const service = externalService('Temporal', configured.address, 'from TEMPORAL_ADDRESS');
    return configured.uiUrl ? { ...service, uiUrl: configured.uiUrl } : service;
  }
  const dir = path.join(ctx.dataDir, 'temporal');
  await fs.mkdir(dir, { recursive: true });
  const port = await choosePort(ctx.preferConventionalPorts ? 7233 : undefined);
  const uiPort = await choosePort(ctx.preferConventionalPorts ? 8233 : undefined);
  const dbFilename = path.join(dir, 'temporal.db');
  const cli = await findOrInstallTemporalCli(ctx);
  if (cli) {
    // The dev server picks some ports of its own (HTTP API, metrics); another process starting at the same
    // moment can take one first. That is worth fresh ports and another try, not a failed start.
    for (let attempt = 1; ; attempt += 1) {
      try {
        const ports = attempt === 1 ? { port, uiPort } : { port: await choosePort(undefined), uiPort: await choosePort(undefined) };
        return await startDevServer(ctx, { cli, ...ports, dbFilename, namespace: configured.namespace });
      } catch (error) {
        if (attempt >= 3 || !(error instanceof Error) || !error.message.includes('address already in use')) throw error;
        ctx.progress(`Temporal: a port was taken while starting; trying again (${attempt + 1}/3)`);
      }
    }
  }
  if (ctx.allowInstall && (await internetReachable())) {
    return downloadAndStartDevServer(ctx, { port, uiPort, dbFilename, namespace: configured.namespace });
  }
  throw new ServiceUnavailableError('Temporal', 'no temporal CLI on PATH or in ~/go/bin, no Go toolchain, and no internet to download it', [
    'set TEMPORAL_ADDRESS to a running Temporal server (host:7233)',
    'install the Temporal CLI (https://docs.temporal.io/cli) so `temporal` is on PATH',
    'install Go >= 1.24 so Drumbeat can build it (npx drumbeat services install)',
  ]);
}

interface DevServerOptions {
  port: number;
  uiPort: number;
  dbFilename: string;
  namespace: string;
}

async function startDevServer(ctx: ProvisionContext, options: DevServerOptions & { cli: string }): Promise<ProvidedTemporal> {
  const namespaces = options.namespace === 'default' ? [] : ['--namespace', options.namespace];
  const child = spawnService({
    name: 'temporal',
    command: options.cli,
    args: [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(options.port),
      '--ui-port', String(options.uiPort),
      '--db-filename', options.dbFilename,
      '--log-level', 'warn',
      ...namespaces,
      ...searchAttributeCliArgs(),
    ],
    logFile: path.join(ctx.dataDir, 'temporal.log'),
  });
  const address = `127.0.0.1:${options.port}`;
  const uiUrl = `http://127.0.0.1:${options.uiPort}`;
  try {
    // A cold dev server on two busy cores can take tens of seconds: wait on health, not on a fixed sleep.
    await waitUntilReady({ what: 'Temporal dev server', check: () => pingTemporal(address, options.namespace), timeoutMs: 90_000, child });
    await waitUntilReady({ what: 'Temporal Web UI', check: () => pingHttp(uiUrl), timeoutMs: 30_000, child });
  } catch (error) {
    await child.stop();
    throw error;
  }
  return {
    name: 'Temporal',
    source: 'installed',
    description: `Temporal CLI dev server (${options.cli})`,
    url: address,
    uiUrl,
    child,
    stop: () => child.stop(15_000),
  };
}

async function downloadAndStartDevServer(ctx: ProvisionContext, options: DevServerOptions): Promise<ProvidedTemporal> {
  ctx.progress('Temporal: downloading the Temporal CLI with the Temporal SDK (first run only)…');
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download', downloadDir: path.join(ctx.cacheDir, 'temporal-download') },
      ip: '127.0.0.1',
      port: options.port,
      ui: true,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      namespace: options.namespace,
      searchAttributes: drumbeatSearchAttributes,
    },
  });
  return {
    name: 'Temporal',
    source: 'embedded',
    description: 'Temporal CLI dev server (downloaded by the SDK)',
    url: `127.0.0.1:${options.port}`,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    stop: () => env.teardown(),
  };
}

async function internetReachable(): Promise<boolean> {
  try {
    await fetch('https://temporal.download/', { method: 'HEAD', signal: AbortSignal.timeout(3_000) });
    return true;
  } catch {
    return false;
  }
}
