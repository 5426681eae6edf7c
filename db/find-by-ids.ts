import type { Model, Types } from 'mongoose';

const parallelLookups = 8;

/**
 * Reads documents by id, one `{ _id }` query each, a few at a time. On MongoDB one `$in` would do;
 * FerretDB 1.24 serves only a lone `{ _id }` filter from an index and compares `$in` lists value by
 * value against every document, so this is the form that stays fast on both.
 */
export async function findByIds<Doc>(model: Model<Doc>, ids: Types.ObjectId[], projection: Record<string, 1>): Promise<Doc[]> {
  const found: Doc[] = [];
  let next = 0;
  async function worker(): Promise<void> {
    while (next < ids.length) {
      const id = ids[next];
      next += 1;
      const document = (await model.findOne({ _id: id }, projection).lean()) as Doc | null;
      if (document) found.push(document);
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallelLookups, ids.length) }, worker));
  return found;
}
