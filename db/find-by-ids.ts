import type { Model, Types } from 'mongoose';
import { isFerretDb } from './server-flavor.js';

const parallelLookups = 8;
/** Ids per `$in` query on MongoDB. */
const idsPerQuery = 1_000;

/**
 * Reads documents by id in no particular order. On MongoDB: one `$in` query per thousand ids. On
 * FerretDB 1.24, which compares `$in` lists value by value against every document but serves a lone
 * `{ _id }` filter from an index: one `{ _id }` query per id, a few at a time — the form that stays
 * fast there.
 */
export async function findByIds<Doc>(model: Model<Doc>, ids: Array<Types.ObjectId | string>, projection?: Record<string, 1>): Promise<Doc[]> {
  if (ids.length === 0) return [];
  if (!(await isFerretDb(model.db))) {
    const found: Doc[] = [];
    for (let start = 0; start < ids.length; start += idsPerQuery) {
      const slice = ids.slice(start, start + idsPerQuery);
      found.push(...((await model.find({ _id: { $in: slice } }, projection).lean()) as Doc[]));
    }
    return found;
  }
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
