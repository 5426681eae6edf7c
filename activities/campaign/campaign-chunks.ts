import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import { findByIds } from '../../db/find-by-ids.js';
import type { Models } from '../../db/models.js';

type ChunkModels = Pick<Models, 'campaignChunks'>;

/** Members per chunk: what one send activity handles, and a document far below MongoDB's 16 MB. */
export const chunkSize = 1_000;

/** The id of the `index`-th audience chunk of a campaign. */
export function audienceChunkId(campaignId: string, nodeId: string, index: number): string {
  return `${campaignId}|${nodeId}|audience|${index}`;
}

/**
 * The id of the chunk a node makes from one input chunk for one branch (or best-hour bucket): derived,
 * so a retried split writes the same chunks, and hashed, so ids stay short however long the path.
 */
export function derivedChunkId(campaignId: string, nodeId: string, inputChunkId: string, branch: string): string {
  const hash = createHash('sha256').update(`${inputChunkId}\u0000${nodeId}\u0000${branch}`).digest('hex').slice(0, 24);
  return `${campaignId}|${nodeId}|${branch || 'out'}|${hash}`;
}

/** The members of a chunk; a chunk that is not stored is a bug in the caller (an id the workflow made up). */
export async function readChunk(models: ChunkModels, chunkId: string): Promise<Types.ObjectId[]> {
  const [chunk] = await findByIds(models.campaignChunks, [chunkId], { members: 1 });
  if (!chunk) throw new Error(`campaign chunk ${chunkId} is not stored`);
  return chunk.members;
}

/** Stores chunks by id; a chunk written before (a retried activity) is written again with the same members. */
export async function writeChunks(models: ChunkModels, campaignId: string, nodeId: string, chunks: Array<{ chunkId: string; members: Types.ObjectId[] }>): Promise<void> {
  if (chunks.length === 0) return;
  const now = new Date();
  await models.campaignChunks.bulkWrite(
    chunks.map(({ chunkId, members }) => ({
      replaceOne: { filter: { _id: chunkId }, replacement: { _id: chunkId, campaignId, nodeId, members, createdAt: now }, upsert: true },
    })),
    { ordered: false },
  );
}
