import { inject } from 'vitest';

/** Where the services of this test run are, as provided by the global setup. */
export interface TestServices {
  mongoUri: string;
  redisUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  temporalNamespace: string;
  workflowBundlePath: string;
  dataDir: string;
  cacheDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: TestServices;
  }
}

/** The services provisioned for this run. */
export function testServices(): TestServices {
  return inject('services');
}
