/** What a benchmark set up and must undo, whatever happened in between. */
export class Teardown {
  private readonly steps: Array<{ what: string; undo: () => Promise<void> }> = [];

  /** Registers an undo step; steps run in reverse order of registration. */
  add(what: string, undo: () => Promise<void>): void {
    this.steps.push({ what, undo });
  }

  /** Runs every step, newest first; a failing step is reported and the rest still run. */
  async run(report: (message: string) => void): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.undo();
      } catch (error) {
        report(`cleanup: ${step.what} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

/**
 * Turns the first SIGINT/SIGTERM into an abort (so the run unwinds and cleans up) and a second one
 * into an immediate exit, for when cleanup itself hangs.
 */
export function abortOnSignals(controller: AbortController, report: (message: string) => void): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      report(`${signal} again: exiting without finishing cleanup`);
      process.exit(130);
    }
    report(`${signal}: stopping and cleaning up (send it again to exit at once)`);
    controller.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
