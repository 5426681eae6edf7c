import type { Model } from 'mongoose';

/**
 * Statements per bulk write command, and slices in flight per process. FerretDB 1.24 holds one
 * connection of its pool of 100 per statement that matched a document until the whole command ends,
 * and stops answering altogether when the pool runs dry; so a process never has more than 2 × 40
 * matching statements in flight, leaving room for everything else. MongoDB takes the same slices
 * without measurable cost.
 */
export const bulkWriteSlice = 40;
const slicesInFlight = 2;

let inFlight = 0;
const waitingTurns: Array<() => void> = [];

/** Runs `write` when fewer than `slicesInFlight` slices of this process are in flight. */
async function inTurn<T>(write: () => Promise<T>): Promise<T> {
  if (inFlight >= slicesInFlight) await new Promise<void>((resolve) => waitingTurns.push(resolve));
  else inFlight += 1;
  try {
    return await write();
  } finally {
    const next = waitingTurns.shift();
    if (next) next(); // the turn passes straight on
    else inFlight -= 1;
  }
}

/** The operations `Model.bulkWrite` takes. */
export type BulkOperations<Doc> = Parameters<Model<Doc>['bulkWrite']>[0];

/** Where in the original list each refused operation was, with the server's reason. */
export type RefusedOperations = Map<number, string>;

/**
 * Runs a bulk write as consecutive unordered slices. Per-document refusals (a duplicate key, a
 * validation error) are collected with their index in `operations` so the caller can dead-letter
 * exactly those; any other failure (the server is down) is thrown.
 */
export async function bulkWriteInSlices<Doc>(model: Model<Doc>, operations: BulkOperations<Doc>): Promise<RefusedOperations> {
  const refused: RefusedOperations = new Map();
  for (let start = 0; start < operations.length; start += bulkWriteSlice) {
    const slice = operations.slice(start, start + bulkWriteSlice);
    try {
      await inTurn(() => model.bulkWrite(slice, { ordered: false }));
    } catch (error) {
      const writeErrors = perDocumentErrors(error);
      if (!writeErrors) throw error;
      for (const [index, reason] of writeErrors) refused.set(start + index, reason);
    }
  }
  return refused;
}

function perDocumentErrors(error: unknown): RefusedOperations | null {
  const writeErrors = (error as { writeErrors?: Array<{ index: number; errmsg?: string; err?: { errmsg?: string } }> } | null)?.writeErrors;
  if (!Array.isArray(writeErrors) || writeErrors.length === 0) return null;
  return new Map(writeErrors.map((writeError) => [writeError.index, writeError.errmsg ?? writeError.err?.errmsg ?? 'write refused']));
}
