import { bulkWriteInSlices } from '../../db/bulk-write.js';
import type { Models } from '../../db/models.js';

/** What one processed chunk contributed to its ingestion. */
export interface ChunkOutcome {
  ingestionId: string;
  chunk: number;
  persisted: number;
  deadLettered: number;
}

/**
 * Adds each chunk's counts to its ingestion once: the update only matches while the chunk is not yet
 * listed, and lists it in the same atomic single-document write, so a replayed chunk adds nothing.
 */
export async function countChunks(models: Pick<Models, 'ingestions'>, outcomes: ChunkOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await bulkWriteInSlices(
    models.ingestions,
    outcomes.map((outcome) => ({
      updateOne: {
        filter: { _id: outcome.ingestionId, chunksCounted: { $ne: outcome.chunk } },
        update: { $inc: { persisted: outcome.persisted, deadLettered: outcome.deadLettered }, $push: { chunksCounted: outcome.chunk } },
      },
    })),
  );
}
