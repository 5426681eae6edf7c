import { z } from 'zod';
import type { Models } from '../db/models.js';
import type { StreamConsumer } from './consumer-runner.js';

/** The stream a worker's diagnostics probe writes to and the consumers role reads, for `drumbeat doctor`. */
export const diagnosticsStream = 'diagnostics';

export const diagnosticsEntrySchema = z.object({ probeId: z.string().min(1).max(200), sentAt: z.iso.datetime() });
export type DiagnosticsEntry = z.infer<typeof diagnosticsEntrySchema>;

/** Marks probes as consumed, in one bulk write per batch; replaying an entry sets the same value again. */
export function diagnosticsConsumer(models: Pick<Models, 'diagnosticProbes'>): StreamConsumer<DiagnosticsEntry> {
  return {
    stream: diagnosticsStream,
    group: 'drumbeat-diagnostics',
    schema: diagnosticsEntrySchema,
    async handle(batch) {
      await models.diagnosticProbes.bulkWrite(
        batch.map(({ value }) => ({
          updateOne: { filter: { probeId: value.probeId }, update: { $set: { consumedAt: new Date() } } },
        })),
        { ordered: false },
      );
    },
  };
}
