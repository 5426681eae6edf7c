import { bulkWriteInSlices } from '../../db/bulk-write.js';
import type { Models } from '../../db/models.js';
import type { TagNode } from '../../domain/flows/flow-document.js';
import { readChunk } from './campaign-chunks.js';

/** Adds or removes a node's tag on every member of a chunk: one update by id each, in bulk; doing it twice changes nothing more. */
export async function tagChunk(models: Pick<Models, 'customers' | 'campaignChunks'>, input: { node: TagNode; chunkId: string }): Promise<{ changed: number }> {
  const members = await readChunk(models, input.chunkId);
  const update = input.node.action === 'add' ? { $addToSet: { tags: input.node.tag } } : { $pull: { tags: input.node.tag } };
  const refused = await bulkWriteInSlices(
    models.customers,
    members.map((member) => ({ updateOne: { filter: { _id: member }, update } })),
  );
  if (refused.size > 0) throw new Error(`tag updates refused: ${[...refused.values()].slice(0, 3).join('; ')}`);
  return { changed: members.length };
}
