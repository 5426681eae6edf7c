import type { Connection } from 'mongoose';
import { diagnosticProbeModel } from './models/diagnostic-probe.js';

/** Every model of the application, bound to one connection. */
export function registerModels(connection: Connection) {
  return {
    diagnosticProbes: diagnosticProbeModel(connection),
  };
}

export type Models = ReturnType<typeof registerModels>;

/** Creates the declared indexes of every model; safe to run at every start (existing ones are kept). */
export async function ensureIndexes(models: Models): Promise<void> {
  await Promise.all(Object.values(models).map((model) => model.createIndexes()));
}
