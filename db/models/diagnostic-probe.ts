import { Schema, type Connection, type Model } from 'mongoose';

/** One end-to-end check run by `drumbeat doctor`: written by a worker activity, read back to prove the path. */
export interface DiagnosticProbe {
  probeId: string;
  workflowId: string;
  workerIdentity: string;
  attempts: number;
  /** Set by the consumers role once the probe's stream entry was consumed. */
  consumedAt?: Date;
  createdAt: Date;
  updatedAt: Date;
}

const diagnosticProbeSchema = new Schema<DiagnosticProbe>(
  {
    // The idempotency key: an activity retried by Temporal updates the same document.
    probeId: { type: String, required: true, unique: true },
    workflowId: { type: String, required: true },
    workerIdentity: { type: String, required: true },
    attempts: { type: Number, required: true, default: 0 },
    consumedAt: { type: Date },
  },
  { collection: 'diagnostic_probes', timestamps: true, strict: 'throw' },
);

/** The DiagnosticProbe model bound to a connection. */
export function diagnosticProbeModel(connection: Connection): Model<DiagnosticProbe> {
  return (connection.models.DiagnosticProbe as Model<DiagnosticProbe> | undefined) ?? connection.model<DiagnosticProbe>('DiagnosticProbe', diagnosticProbeSchema);
}
