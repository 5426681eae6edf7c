import fs from 'node:fs/promises';

/** One reading of a process's memory, in MB. */
export interface RssSample {
  /** Milliseconds since the sampler started. */
  atMs: number;
  rssMb: number;
  /** VmHWM: the highest resident set size so far. */
  peakMb: number;
}

/** Resident memory over a window of the run: start, middle and end, the peak, and a coarse timeline. */
export interface RssSummary {
  startMb: number;
  midMb: number;
  endMb: number;
  /** VmHWM at the end of the window: the process's peak resident set, start-up included. */
  peakMb: number;
  /** The largest VmRSS seen within the window. */
  maxInWindowMb: number;
  /** end − start (start is before the first record arrives, so this includes the working set). */
  growthMb: number;
  /** The largest RSS in each half of the window: a leak shows as a second half well above the first. */
  maxFirstHalfMb: number;
  maxSecondHalfMb: number;
  /** RSS at 0 %, 10 %, … 100 % of the window. */
  timelineMb: number[];
  samples: number;
}

/** Polls /proc/<pid>/status until stopped (Linux only; elsewhere it records nothing). */
export class RssSampler {
  private readonly samples: RssSample[] = [];
  private readonly startedAt = Date.now();
  private readonly timer: NodeJS.Timeout;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly pid: number,
    intervalMs = 500,
  ) {
    this.timer = setInterval(() => {
      this.reading = this.reading.then(() => this.sample());
    }, intervalMs);
    this.reading = this.sample();
  }

  /** Milliseconds since the sampler started, to mark the window a summary covers. */
  now(): number {
    return Date.now() - this.startedAt;
  }

  /** Takes one last reading and stops polling. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.reading;
    await this.sample();
  }

  /** The samples between two marks from `now()`; null when none were taken (no /proc, or the process is gone). */
  summarise(fromMs: number, toMs: number): RssSummary | null {
    const window = this.samples.filter((sample) => sample.atMs >= fromMs && sample.atMs <= toMs);
    const first = window[0];
    const last = window[window.length - 1];
    if (!first || !last) return null;
    const nearest = (atMs: number): number => {
      let best = first;
      for (const sample of window) if (Math.abs(sample.atMs - atMs) < Math.abs(best.atMs - atMs)) best = sample;
      return best.rssMb;
    };
    const span = last.atMs - first.atMs;
    return {
      startMb: first.rssMb,
      midMb: nearest(first.atMs + span / 2),
      endMb: last.rssMb,
      peakMb: last.peakMb,
      maxInWindowMb: maxRss(window),
      growthMb: round1(last.rssMb - first.rssMb),
      maxFirstHalfMb: maxRss(window.filter((sample) => sample.atMs <= first.atMs + span / 2)),
      maxSecondHalfMb: maxRss(window.filter((sample) => sample.atMs > first.atMs + span / 2)),
      timelineMb: Array.from({ length: 11 }, (_, tenth) => nearest(first.atMs + (span * tenth) / 10)),
      samples: window.length,
    };
  }

  private async sample(): Promise<void> {
    let status: string;
    try {
      status = await fs.readFile(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      return; // not Linux, or the process has exited
    }
    const rss = kilobytesOf(status, 'VmRSS');
    const peak = kilobytesOf(status, 'VmHWM');
    if (rss === undefined || peak === undefined) return;
    this.samples.push({ atMs: this.now(), rssMb: round1(rss / 1024), peakMb: round1(peak / 1024) });
  }
}

function kilobytesOf(status: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function maxRss(samples: RssSample[]): number {
  return samples.reduce((max, sample) => Math.max(max, sample.rssMb), 0);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
