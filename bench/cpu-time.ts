import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** A process to account CPU time to: a pid, or this process. */
export type CpuTarget = number | 'self';

let clockTicks: number | undefined;

/** Clock ticks per second, the unit of /proc/<pid>/stat times. */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** User + system CPU seconds a process has used so far; null when it cannot be read (no /proc, gone). */
export function cpuSecondsOf(target: CpuTarget): number | null {
  if (target === 'self') {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
  try {
    const stat = fs.readFileSync(`/proc/${target}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: count fields from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / ticksPerSecond() : null;
  } catch {
    return null;
  }
}

/** CPU seconds each named process used between start and `stop()`, with the wall-clock seconds for scale. */
export interface CpuUse {
  wallSeconds: number;
  cpuSeconds: Record<string, number | null>;
}

/** Starts counting CPU time for the named processes (targets whose pid is unknown are left out). */
export function startCpuMeter(targets: Record<string, CpuTarget | undefined>): { stop(): CpuUse } {
  const startedAt = performance.now();
  const known = Object.entries(targets).flatMap(([name, target]) => (target === undefined ? [] : [[name, target] as const]));
  const before = new Map(known.map(([name, target]) => [name, cpuSecondsOf(target)]));
  return {
    stop() {
      const cpuSeconds: Record<string, number | null> = {};
      for (const [name, target] of known) {
        const from = before.get(name);
        const to = cpuSecondsOf(target);
        cpuSeconds[name] = from === null || from === undefined || to === null ? null : Math.round((to - from) * 10) / 10;
      }
      return { wallSeconds: Math.round((performance.now() - startedAt) / 100) / 10, cpuSeconds };
    },
  };
}
