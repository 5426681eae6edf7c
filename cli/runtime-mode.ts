/**
 * True when the CLI runs the TypeScript sources (a checkout), false when it runs the compiled
 * dist/ (DRUMBEAT_RUNTIME=dist, as in the Docker image). Sources rebuild what is stale; dist trusts its build.
 */
export function runningFromSources(): boolean {
  return process.env.DRUMBEAT_RUNTIME !== 'dist';
}
