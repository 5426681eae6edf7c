import type { Model } from 'mongoose';

/**
 * Statements per bulk write command. FerretDB 1.24 stops answering altogether when one update
 * command carries 100 or more statements that match existing documents (each holds a connection
 * from its pool), so bulk writes are sent in slices comfortably below that. MongoDB takes the same
 * slices without measurable cost.
 */
export const bulkWriteSlice = 50;

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
      await model.bulkWrite(slice, { ordered: false });
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
