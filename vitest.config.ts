import { defineConfig } from 'vitest/config';

const serverTest = {
  environment: 'node' as const,
  globalSetup: ['test/global-setup.ts'],
  setupFiles: ['test/setup/block-internet.ts'],
  testTimeout: 60_000,
  hookTimeout: 240_000,
};

// The server suite runs against real services provisioned once per run by the global setup; the web
// suite runs components and stores in a DOM; the fault suite (heavy: tens of thousands of records,
// killed processes) runs afterwards, alone, with services of its own, so its load never slows the rest.
export default defineConfig({
  test: {
    // Test files share the machine's cores with the services they talk to.
    maxWorkers: 2,
    projects: [
      {
        test: {
          ...serverTest,
          name: 'server',
          include: ['{api,activities,build,cli,config,db,delivery,domain,http,services,streams,temporal,vendor,workflows,test}/**/*.test.ts'],
          exclude: ['test/faults/**', '**/node_modules/**'],
          sequence: { groupOrder: 0 },
        },
      },
      'web/vite.config.ts',
      {
        test: {
          ...serverTest,
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
