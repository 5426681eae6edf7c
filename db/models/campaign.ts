import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { campaignStatuses, type CampaignStatus } from '../../domain/campaigns/campaign-status.js';
import type { FlowDocument } from '../../domain/flows/flow-document.js';

/** Who created or changed something, as the audit log names them. */
export interface CampaignActor {
  type: string;
  id: string | null;
  label: string;
}

/**
 * A campaign: what marketers edit (`draft`, a flow document) and where its launch stands. A launch
 * pins a numbered version (campaign_versions); editing afterwards changes only the draft.
 */
export interface CampaignDocument {
  _id: Types.ObjectId;
  name: string;
  description: string;
  tags: string[];
  goal: string | null;
  status: CampaignStatus;
  draft: FlowDocument;
  draftUpdatedAt: Date;
  /** The version the workflow runs; null before the first launch. */
  launchedVersion: number | null;
  /** How many versions were pinned so far. */
  versionCount: number;
  scheduledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  failureReason: string | null;
  createdBy: CampaignActor | null;
  createdAt: Date;
  updatedAt: Date;
}

const campaignSchema = new Schema<CampaignDocument>(
  {
    name: { type: String, required: true },
    description: { type: String, default: '' },
    tags: { type: [String], default: [] },
    goal: { type: String, default: null },
    status: { type: String, enum: campaignStatuses, required: true },
    draft: { type: Schema.Types.Mixed, required: true },
    draftUpdatedAt: { type: Date, required: true },
    launchedVersion: { type: Number, default: null },
    versionCount: { type: Number, default: 0 },
    scheduledAt: { type: Date, default: null },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
    failureReason: { type: String, default: null },
    createdBy: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'campaigns', timestamps: true, strict: 'throw', minimize: false },
);
// History lists newest first, all or by status.
campaignSchema.index({ createdAt: -1, _id: -1 });
campaignSchema.index({ status: 1, createdAt: -1 });

/** The Campaign model bound to a connection. */
export function campaignModel(connection: Connection): Model<CampaignDocument> {
  return (connection.models.Campaign as Model<CampaignDocument> | undefined) ?? connection.model<CampaignDocument>('Campaign', campaignSchema);
}
