import { defineConfig } from 'vitest/config';

// Two projects: the server suite runs against real services provisioned once per run by the global
// setup; the web suite runs components and stores in a DOM.
export default defineConfig({
  test: {
    // Test files share the machine's cores with the services they talk to.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['{api,activities,build,cli,config,db,domain,http,services,streams,temporal,vendor,workflows,test}/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup/block-internet.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
      'web/vite.config.ts',
    ],
  },
});
