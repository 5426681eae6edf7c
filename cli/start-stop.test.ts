import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readinessSchema } from '../domain/system.js';
import { projectRoot } from '../config/project-root.js';
import { descendantsOf, isAlive, isListening } from '../test/helpers/processes.js';

const bin = path.join(projectRoot(), 'bin', 'drumbeat.js');
const startTimeoutMs = 180_000;

function environmentWithoutServices(dataDir: string): NodeJS.ProcessEnv {
  const { MONGODB_URI: _m, REDIS_URL: _r, TEMPORAL_ADDRESS: _t, TEMPORAL_UI_URL: _u, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'development', DRUMBEAT_DATA_DIR: dataDir, PORT: '0', VENDOR_PORT: '0', LOG_LEVEL: 'warn' };
}

function waitForOutput(child: ChildProcess, output: { text: string }, marker: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${marker}" within ${startTimeoutMs} ms:\n${output.text}`)), startTimeoutMs);
    const check = (): void => {
      if (output.text.includes(marker)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`drumbeat all exited with ${code} before "${marker}":\n${output.text}`));
    });
  });
}

function urlOnLine(text: string, label: string): URL {
  const match = new RegExp(`^\\s+${label}\\s{2,}(\\S+)`, 'm').exec(text);
  if (!match?.[1]) throw new Error(`no ${label} line in:\n${text}`);
  const value = match[1].includes('://') ? match[1] : `tcp://${match[1]}`;
  return new URL(value);
}

let dataDir: string | undefined;
afterAll(async () => {
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
});

describe('npm start (drumbeat all)', () => {
  it('brings every role up on real services, serves the Temporal UI, and Ctrl-C leaves nothing behind', async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'drumbeat-start-'));
    const output = { text: '' };
    // Its own process group, like a shell job, so the Ctrl-C below reaches exactly what a terminal's would.
    const supervisor = spawn(process.execPath, [bin, 'all'], { env: environmentWithoutServices(dataDir), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    supervisor.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    supervisor.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => supervisor.once('exit', resolve));
    try {
      await waitForOutput(supervisor, output, 'Press Ctrl-C to stop everything.');

      const app = urlOnLine(output.text, 'App');
      const readiness = await fetch(new URL('/readyz', app));
      expect(readiness.status).toBe(200);
      const body = readinessSchema.parse(await readiness.json());
      expect(Object.values(body.checks).map((check) => check.status)).toEqual(['ok', 'ok', 'ok']);

      const temporalUi = urlOnLine(output.text, 'Temporal UI');
      const ui = await fetch(temporalUi);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toMatch(/<html/i);

      const page = await fetch(app, { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('<div id="app">');

      const doctor = spawn(process.execPath, [bin, 'doctor'], { env: environmentWithoutServices(dataDir), stdio: ['ignore', 'pipe', 'pipe'] });
      let doctorOutput = '';
      doctor.stdout.on('data', (chunk: Buffer) => (doctorOutput += chunk.toString()));
      doctor.stderr.on('data', (chunk: Buffer) => (doctorOutput += chunk.toString()));
      const doctorCode = await new Promise<number | null>((resolve) => doctor.once('exit', resolve));
      expect(doctorOutput).toContain('All checks passed.');
      expect(doctorCode).toBe(0);

      const ports = ['App', 'Vendor', 'Temporal UI', 'MongoDB', 'Redis', 'Temporal'].map((label) => Number(urlOnLine(output.text, label).port));
      for (const port of ports) expect(await isListening(port)).toBe(true);
      const processes = await descendantsOf(supervisor.pid!);
      // Four roles and three services at least.
      expect(processes.length).toBeGreaterThanOrEqual(7);

      process.kill(-supervisor.pid!, 'SIGINT');
      expect(await exited).toBe(0);

      expect(processes.filter(isAlive)).toEqual([]);
      for (const port of ports) expect(await isListening(port)).toBe(false);
      await expect(fs.access(path.join(dataDir, 'services.env'))).rejects.toThrow();
      expect(output.text).toContain('stopped; nothing left running');
    } finally {
      // On a failed assertion, still stop it the way a person would, so no service outlives the test.
      if (isAlive(supervisor.pid!)) {
        process.kill(-supervisor.pid!, 'SIGINT');
        const stopped = await Promise.race([exited.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 60_000))]);
        if (!stopped) process.kill(-supervisor.pid!, 'SIGKILL');
      }
    }
  });
});
