import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll } from 'vitest';
import { projectRoot } from '../../config/project-root.js';
import { testServices } from './services.js';

/**
 * Starts the consumers role as its own process, as `npm start` or a deployment runs it, over the given
 * database and Redis key prefix. Every process started is SIGKILLed after the file if still running.
 */
export function useConsumersProcesses(target: () => { mongoUri: string; redisKeyPrefix: string }): (name: string) => ChildProcess {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return (name) => {
    const services = testServices();
    const { mongoUri, redisKeyPrefix } = target();
    const child = spawn(process.execPath, [path.join(projectRoot(), 'bin/drumbeat.js'), 'consumers'], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        MONGODB_URI: mongoUri,
        REDIS_URL: services.redisUrl,
        REDIS_KEY_PREFIX: redisKeyPrefix,
        TEMPORAL_ADDRESS: services.temporalAddress,
        CONSUMER_NAME: name,
        // A replacement takes over a dead consumer's pending entries after a second.
        CONSUMER_CLAIM_IDLE: '1s',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    return child;
  };
}

/** Kills a process with SIGKILL and waits until it is gone. */
export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}
