import { Schema, type Connection, type Model } from 'mongoose';
import type { FlowDocument } from '../../domain/flows/flow-document.js';
import type { CampaignActor } from './campaign.js';

/** A flow as launched: immutable, `_id` = `<campaignId>:<version>`, so the workflow reads it by id. */
export interface CampaignVersionDocument {
  _id: string;
  campaignId: string;
  version: number;
  flow: FlowDocument;
  createdBy: CampaignActor | null;
  createdAt: Date;
}

const campaignVersionSchema = new Schema<CampaignVersionDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    version: { type: Number, required: true },
    flow: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: Schema.Types.Mixed, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'campaign_versions', strict: 'throw', minimize: false, versionKey: false },
);

/** The id of a campaign's version document. */
export function campaignVersionId(campaignId: string, version: number): string {
  return `${campaignId}:${version}`;
}

/** The CampaignVersion model bound to a connection. */
export function campaignVersionModel(connection: Connection): Model<CampaignVersionDocument> {
  return (
    (connection.models.CampaignVersion as Model<CampaignVersionDocument> | undefined) ??
    connection.model<CampaignVersionDocument>('CampaignVersion', campaignVersionSchema)
  );
}
