import type { ChildService } from './child-process.js';

/** Receives human-readable progress lines while services are installed and started. */
export type Progress = (message: string) => void;

/** How a service was obtained, shown to people so they know what they are running on. */
export type ServiceSource = 'environment' | 'installed' | 'embedded';

/** One of the three services the roles need, ready to use. */
export interface ProvidedService {
  readonly name: 'MongoDB' | 'Redis' | 'Temporal';
  readonly source: ServiceSource;
  /** A short human description, e.g. "FerretDB 1.24 over SQLite". */
  readonly description: string;
  /** What clients connect to: a MongoDB URI, a Redis URL, or a Temporal host:port. */
  readonly url: string;
  /** The process we started, if any. */
  readonly child?: ChildService;
  stop(): Promise<void>;
}

/** What every provider gets: where to keep data and built tools, how to report, which ports to try. */
export interface ProvisionContext {
  dataDir: string;
  cacheDir: string;
  progress: Progress;
  /** Try the conventional ports first (people like stable URLs); tests pass false for isolation. */
  preferConventionalPorts: boolean;
  /** Build or download missing tools; false makes a missing tool an immediate error. */
  allowInstall: boolean;
}

/** A service could not be had; the message names it and every way to provide it. */
export class ServiceUnavailableError extends Error {
  constructor(service: string, reason: string, remedies: string[]) {
    super(`${service} is not available: ${reason}\nProvide it in one of these ways:\n${remedies.map((r) => `  - ${r}`).join('\n')}`);
    this.name = 'ServiceUnavailableError';
  }
}

/** A service we did not start: stopping it is not ours to do. */
export function externalService(name: ProvidedService['name'], url: string, description: string): ProvidedService {
  return { name, source: 'environment', description, url, stop: async () => {} };
}
