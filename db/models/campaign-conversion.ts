import { Schema, type Connection, type Model, type Types } from 'mongoose';

/**
 * An order attributed to the campaign message its customer received last before placing it, within
 * the conversion window (last touch). `_id` = `<campaignId>:<order key>`: an order re-sent or corrected
 * replaces its conversion, so nothing is counted twice; a cancelled or refunded order stays on record
 * but does not count.
 */
export interface CampaignConversionDocument {
  _id: string;
  campaignId: string;
  nodeId: string;
  messageId: string;
  customerId: Types.ObjectId;
  orderKey: string;
  amount: number;
  /** False for cancelled and refunded orders. */
  counted: boolean;
  orderedAt: Date;
  sentAt: Date;
}

const campaignConversionSchema = new Schema<CampaignConversionDocument>(
  {
    _id: { type: String, required: true },
    campaignId: { type: String, required: true },
    nodeId: { type: String, required: true },
    messageId: { type: String, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    orderKey: { type: String, required: true },
    amount: { type: Number, required: true },
    counted: { type: Boolean, required: true },
    orderedAt: { type: Date, required: true },
    sentAt: { type: Date, required: true },
  },
  { collection: 'campaign_conversions', strict: 'throw', minimize: false, versionKey: false },
);
// A campaign's conversions, read together to total them.
campaignConversionSchema.index({ campaignId: 1 });

/** The CampaignConversion model bound to a connection. */
export function campaignConversionModel(connection: Connection): Model<CampaignConversionDocument> {
  return (
    (connection.models.CampaignConversion as Model<CampaignConversionDocument> | undefined) ??
    connection.model<CampaignConversionDocument>('CampaignConversion', campaignConversionSchema)
  );
}
