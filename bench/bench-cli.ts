import { abortOnSignals, Teardown } from './teardown.js';

/** A benchmark as the command line runs it: measure, then print the report twice over. */
export interface BenchmarkCommand<Report> {
  /** Prefixes progress lines: `[bench:<name>]`. */
  name: string;
  run(teardown: Teardown, signal: AbortSignal, progress: (message: string) => void): Promise<Report>;
  /** The report for people; the JSON form goes to stdout as it is. */
  formatTable(report: Report): string;
}

/** Writes a progress line for a benchmark to stderr (stdout is kept for the JSON). */
export function benchProgress(name: string): (message: string) => void {
  return (message) => process.stderr.write(`[bench:${name}] ${message}\n`);
}

/**
 * Runs a benchmark with cleanup guaranteed (Ctrl-C aborts and unwinds), prints JSON on stdout and the
 * table on stderr, and returns the exit code: whether the run worked, never whether a goal was met.
 */
export async function runBenchmarkCommand<Report>(command: BenchmarkCommand<Report>): Promise<number> {
  const progress = benchProgress(command.name);
  const interrupt = new AbortController();
  abortOnSignals(interrupt, progress);
  const teardown = new Teardown();
  let exitCode = 0;
  try {
    const report = await command.run(teardown, interrupt.signal, progress);
    await write(process.stdout, `${JSON.stringify(report, null, 2)}\n`);
    await write(process.stderr, command.formatTable(report));
  } catch (error) {
    exitCode = interrupt.signal.aborted ? 130 : 1;
    progress(interrupt.signal.aborted ? 'interrupted' : `failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    progress('cleaning up');
    await teardown.run(progress);
  }
  return exitCode;
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}
