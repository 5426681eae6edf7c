import type { Types } from 'mongoose';
import type { CommunicationLogDocument } from '../db/models/communication-log.js';
import type { Channel } from '../domain/channels.js';
import type { MessageContent } from '../domain/templates/message-content.js';
import { compileTemplate, type MessageRenderer } from '../domain/templates/render-message.js';
import type { TemplateCustomer } from '../domain/templates/template-customer.js';
import type { AttributeKeys } from '../domain/templates/template-variables.js';
import type { MessageState } from '../domain/delivery/message-state.js';
import type { VendorMessage } from '../domain/vendor-api.js';
import type { VendorClient } from '../vendor/client.js';
import { applyMessageUpdates, type DeliveryStore } from './apply-message-updates.js';
import { messageIdOf } from './message-id.js';
import type { MessageUpdate } from './plan-round.js';

/** A recipient: a stored customer's id and what templates read. */
export type Recipient = TemplateCustomer & { _id: Types.ObjectId };

/** One message node of one campaign, ready to send. */
export interface MessageNodeSend {
  campaignId: string;
  nodeId: string;
  content: MessageContent;
  attributeKeys: AttributeKeys;
}

/** What one batch did. */
export interface SendBatchOutcome {
  /** Messages recorded by this call (a retry finds them recorded and records none). */
  recorded: number;
  skipped: number;
  /** Handed to the vendor and accepted by it in this call. */
  accepted: number;
  /** Refused by the vendor for good (a bad address, say): FAILED, never sent. */
  refused: number;
  /** Already past PENDING when this call came (sent by an earlier attempt): not sent again. */
  alreadySent: number;
  /** The messages the vendor accepted in this call, and whose they are. */
  acceptedMessages: Array<{ messageId: string; customerId: string; at: Date }>;
}

const skipReasons: Record<Channel, string> = {
  sms: 'No phone number',
  whatsapp: 'No phone number',
  email: 'No e-mail address',
};

/**
 * Sends one page of recipients of a message node: renders each personalised message, records them all
 * (PENDING, or SKIPPED without an address) in the write-ahead journal before anything leaves, sends the
 * PENDING ones to the vendor, and stores each message once with the vendor's answer (SENT with its id,
 * or FAILED when refused for good) — see applyMessageUpdates.
 *
 * Safe to repeat after a crash or a timeout: ids are deterministic, recording is idempotent, and only
 * messages still PENDING are sent again, which the vendor deduplicates by id anyway. Vendor outages
 * surface as VendorUnavailableError (retry later), refused requests as VendorRejectedError.
 */
export async function sendMessageBatch(
  deps: { store: DeliveryStore; vendor: VendorClient; now?: () => Date; renderer?: MessageRenderer },
  node: MessageNodeSend,
  recipients: Recipient[],
  /** Recipients not to send to, with the reason recorded (the frequency cap, say). */
  skipped: ReadonlyMap<string, string> = new Map(),
): Promise<SendBatchOutcome> {
  const now = deps.now ?? (() => new Date());
  const render = deps.renderer ?? compileTemplate(node.content, { attributeKeys: node.attributeKeys });
  const records = recipients.map((recipient) => messageFor(node, recipient, render, now(), skipped.get(recipient._id.toHexString())));
  const byId = new Map(records.map((record) => [record._id, record]));
  let refused = 0;
  let alreadySent = 0;
  const acceptedMessages: SendBatchOutcome['acceptedMessages'] = [];
  // Runs per counter shard under its lock, after the messages are planned and before they are stored:
  // what the vendor answers is stored together with the messages, in one write each.
  const sendPending = async (states: Map<string, MessageState>): Promise<MessageUpdate[]> => {
    const toSend: VendorMessage[] = [];
    for (const [id, state] of states) {
      const record = byId.get(id);
      if (!record?.to) continue;
      if (state.status === 'PENDING') toSend.push(vendorMessageOf(record, record.to));
      else if (state.status !== 'SKIPPED') alreadySent += 1;
    }
    if (toSend.length === 0) return [];
    const results = await deps.vendor.send(toSend);
    const answered = now();
    return results.map((result) => {
      if (result.outcome === 'accepted') {
        acceptedMessages.push({ messageId: result.messageId, customerId: byId.get(result.messageId)?.customerId.toHexString() ?? '', at: answered });
        return { messageId: result.messageId, change: { kind: 'sent', at: answered, vendorMessageId: result.vendorMessageId } };
      }
      refused += 1;
      return { messageId: result.messageId, change: { kind: 'refused', at: answered, reason: result.reason } };
    });
  };
  const recorded = await applyMessageUpdates(
    deps.store,
    records.map((record) => ({ messageId: record._id, create: record })),
    sendPending,
  );
  return {
    recorded: recorded.created,
    skipped: records.filter((record) => record.status === 'SKIPPED').length,
    accepted: acceptedMessages.length,
    refused,
    alreadySent,
    acceptedMessages,
  };
}

function vendorMessageOf(record: CommunicationLogDocument, to: string): VendorMessage {
  return { messageId: record._id, channel: record.channel, to, body: record.body, ...(record.subject ? { subject: record.subject } : {}) };
}

function messageFor(node: MessageNodeSend, recipient: Recipient, render: MessageRenderer, now: Date, skipReason?: string): CommunicationLogDocument {
  const channel = node.content.channel;
  const to = (channel === 'email' ? recipient.email : recipient.phone) || null;
  const reason = skipReason ?? (to ? null : skipReasons[channel]);
  const rendered = render(recipient);
  return {
    _id: messageIdOf(node.campaignId, node.nodeId, recipient._id.toHexString()),
    campaignId: node.campaignId,
    nodeId: node.nodeId,
    customerId: recipient._id,
    channel,
    to,
    subject: rendered.subject ?? null,
    body: rendered.body,
    status: reason ? 'SKIPPED' : 'PENDING',
    skipReason: reason,
    failureReason: null,
    vendorMessageId: null,
    queuedAt: now,
    sentAt: null,
    deliveredAt: null,
    failedAt: null,
    updatedAt: now,
  };
}
