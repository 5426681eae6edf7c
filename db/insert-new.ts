import type { Model } from 'mongoose';
import type { RefusedOperations } from './bulk-write.js';

const duplicateKey = 11000;

/** Which documents of an insert already existed, and which the server refused for another reason. */
export interface InsertOutcome {
  /** Indexes (in the documents given) whose `_id` or unique key was already taken. */
  duplicates: number[];
  refused: RefusedOperations;
}

/**
 * Inserts documents as one unordered `insertMany`, reporting the ones that already exist instead of
 * failing. The fast path for new records: FerretDB writes an insert as one statement per hundred
 * documents, while an upsert costs a lookup and a write per document, several times more. Callers
 * send the duplicates through their upsert path. Documents go to the driver as built (no mongoose
 * casting), so callers set every field, timestamps included.
 */
export async function insertNew<Doc>(model: Model<Doc>, documents: Array<Record<string, unknown>>): Promise<InsertOutcome> {
  const outcome: InsertOutcome = { duplicates: [], refused: new Map() };
  if (documents.length === 0) return outcome;
  try {
    await model.collection.insertMany(documents, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown } | null)?.writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : [];
    if (list.length === 0) throw error;
    for (const writeError of list as Array<{ index: number; code?: number; errmsg?: string; err?: { code?: number; errmsg?: string } }>) {
      const code = writeError.code ?? writeError.err?.code;
      if (code === duplicateKey) outcome.duplicates.push(writeError.index);
      else outcome.refused.set(writeError.index, writeError.errmsg ?? writeError.err?.errmsg ?? 'insert refused');
    }
  }
  return outcome;
}
