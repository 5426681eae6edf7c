import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * Up to a thousand members of a campaign waiting at, or passing through, one node: the cohort, in
 * chunks. `_id` = `<campaignId>|<nodeId>|<fromNodeId>|<index>` — chunk `index` of what node
 * `fromNodeId` handed to `nodeId` — so the workflow, which holds only node ids and chunk counts,
 * names every chunk, and activities read and write them by id (the one lookup FerretDB serves from an
 * index). Written once per id; a retried activity writes the same members again.
 */
export interface CampaignChunkDocument {
  _id: string;
  campaignId: string;
  nodeId: string;
  members: Types.ObjectId[];
  createdAt: Date;
}

const campaignChunkSchema = new Schema<CampaignChunkDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    nodeId: { type: String, required: true },
    members: { type: [Schema.Types.ObjectId], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'campaign_chunks', strict: 'throw', minimize: false, versionKey: false },
);

/** The CampaignChunk model bound to a connection. */
export function campaignChunkModel(connection: Connection): Model<CampaignChunkDocument> {
  return (
    (connection.models.CampaignChunk as Model<CampaignChunkDocument> | undefined) ??
    connection.model<CampaignChunkDocument>('CampaignChunk', campaignChunkSchema)
  );
}
