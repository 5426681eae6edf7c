import { describe, expect, it } from 'vitest';
import { loadApiConfig } from './api.js';
import { ConfigError } from './load.js';
import { loadSupervisorConfig } from './supervisor.js';
import { loadWorkerConfig } from './worker.js';

const services = { MONGODB_URI: 'mongodb://127.0.0.1:27017/drumbeat', REDIS_URL: 'redis://127.0.0.1:6379', TEMPORAL_ADDRESS: '127.0.0.1:7233' };

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('configuration', () => {
  it('defaults PORT to 3000 and the data directory to .data', () => {
    const api = loadApiConfig({ ...services });
    expect(api.port).toBe(3000);
    expect(api.host).toBe('127.0.0.1');
    expect(loadSupervisorConfig({}).dataDir).toMatch(/\/\.data$/);
  });

  it('names every missing service URL of a role started on its own', () => {
    const problems = problemsOf(() => loadWorkerConfig({}));
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/MONGODB_URI is not set.*\n.*REDIS_URL is not set.*\n.*TEMPORAL_ADDRESS is not set/);
  });

  it('refuses to start the API in production without a session secret', () => {
    const problems = problemsOf(() => loadApiConfig({ ...services, NODE_ENV: 'production' }));
    expect(problems).toEqual(['SESSION_SECRET must be set to at least 32 random characters in production']);
    expect(() => loadApiConfig({ ...services, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) })).not.toThrow();
  });

  it('refuses embedded services in production: every service URL is required', () => {
    const problems = problemsOf(() => loadSupervisorConfig({ NODE_ENV: 'production' }));
    expect(problems.map((line) => line.split(' ')[0])).toEqual(['MONGODB_URI', 'REDIS_URL', 'TEMPORAL_ADDRESS']);
  });

  it('rejects a malformed port and duration with the variable named', () => {
    expect(problemsOf(() => loadApiConfig({ ...services, PORT: 'eighty' }))[0]).toMatch(/^PORT: /);
    expect(problemsOf(() => loadWorkerConfig({ ...services, WORKER_SHUTDOWN_GRACE: 'soon' }))[0]).toMatch(/^WORKER_SHUTDOWN_GRACE: expected a duration/);
    expect(loadWorkerConfig({ ...services, WORKER_SHUTDOWN_GRACE: '2m' }).shutdownGraceMs).toBe(120_000);
  });

  it('treats empty variables as unset', () => {
    expect(problemsOf(() => loadWorkerConfig({ ...services, REDIS_URL: '  ' }))[0]).toMatch(/^REDIS_URL is not set/);
  });
});
