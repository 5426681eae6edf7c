import type { CommunicationLogDocument } from '../../db/models/communication-log.js';
import type { Models } from '../../db/models.js';
import { readCampaignCounters } from '../../delivery/campaign-counters.js';
import type { CampaignDelivery, MessageListQuery, MessagePage, MessageView } from '../../domain/delivery/delivery-api.js';
import { notFound, validationFailed } from '../../http/errors/catalogue.js';

/** Reading a campaign's communication log and counters. */
export function createMessageQueries(models: Pick<Models, 'communicationLog' | 'deliveryCounters'>) {
  return {
    /** A page of the campaign's messages in message-id order (keyset), optionally one status or node only. */
    async listMessages(campaignId: string, query: MessageListQuery): Promise<MessagePage> {
      const filter: Record<string, unknown> = { campaignId };
      if (query.status) filter.status = query.status;
      if (query.nodeId) filter.nodeId = query.nodeId;
      if (query.cursor) filter._id = { $gt: decodeMessageCursor(query.cursor, campaignId) };
      const rows = await models.communicationLog
        .find(filter)
        .sort({ _id: 1 })
        .limit(query.limit + 1)
        .lean<CommunicationLogDocument[]>();
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return { messages: page.map(toMessageView), nextCursor: rows.length > query.limit && last ? encodeMessageCursor(last._id) : null };
    },

    /** The campaign's counters in total and per node; 404 while it has recorded no message. */
    async campaignDelivery(campaignId: string): Promise<CampaignDelivery> {
      const counters = await readCampaignCounters(models, campaignId);
      if (!counters) throw notFound('No messages are recorded for this campaign.');
      const outcomes = counters.totals.delivered + counters.totals.failed;
      return {
        campaignId,
        totals: counters.totals,
        nodes: counters.nodes,
        deliveryRate: outcomes > 0 ? counters.totals.delivered / outcomes : null,
        updatedAt: counters.updatedAt?.toISOString() ?? null,
      };
    },
  };
}

export type MessageQueries = ReturnType<typeof createMessageQueries>;

/** A stored message as the API shows it. */
export function toMessageView(row: CommunicationLogDocument): MessageView {
  return {
    messageId: row._id,
    campaignId: row.campaignId,
    nodeId: row.nodeId,
    customerId: row.customerId.toHexString(),
    channel: row.channel,
    to: row.to ?? null,
    subject: row.subject ?? null,
    body: row.body,
    status: row.status,
    skipReason: row.skipReason ?? null,
    failureReason: row.failureReason ?? null,
    vendorMessageId: row.vendorMessageId ?? null,
    queuedAt: row.queuedAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    failedAt: row.failedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

// The cursor is the last message id of the page, base64url-wrapped so clients treat it as opaque.
function encodeMessageCursor(messageId: string): string {
  return Buffer.from(messageId).toString('base64url');
}

function decodeMessageCursor(cursor: string, campaignId: string): string {
  const messageId = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!messageId.startsWith(`${campaignId}:`)) {
    throw validationFailed([{ path: 'query.cursor', message: 'not a cursor of this list; start again without cursor' }]);
  }
  return messageId;
}
