// Baseline A of the delivery benchmark: how fast the vendor process takes messages when nothing else
// happens — the run's messages (same ids, same rendered bodies) posted straight through the vendor
// client in full batches, as many requests in flight as the end-to-end run has pages, to a vendor with
// no receipt URL (its receipts stay pending and cost nothing).

import { maxMessagesPerRequest, type VendorMessage } from '../domain/vendor-api.js';
import { messageIdOf } from '../delivery/message-id.js';
import type { MessageNodeSend, Recipient } from '../delivery/send-batch.js';
import { compileTemplate } from '../domain/templates/render-message.js';
import { startCpuMeter, type CpuTarget, type CpuUse } from './cpu-time.js';
import type { BenchVendor } from './delivery-vendor.js';

/** What the vendor took, and how long posting took (building the messages is not timed). */
export interface VendorAcceptTiming {
  messages: number;
  requests: number;
  seconds: number;
  perSecond: number;
  /** CPU seconds of the processes named in `cpuTargets` while posting. */
  cpu: CpuUse;
}

/** Posts every message of `pages` to `vendor` and times the posting alone; every one must be accepted as new. */
export async function measureVendorAccepts(
  vendor: BenchVendor,
  node: MessageNodeSend,
  pages: Iterable<Recipient[]>,
  options: { parallel: number; cpuTargets: Record<string, CpuTarget | undefined>; signal: AbortSignal },
): Promise<VendorAcceptTiming> {
  // Built up front, so the timed part is the vendor's and the client's work only.
  const messages = [...pages].flatMap((page) => vendorMessagesOf(node, page));
  options.signal.throwIfAborted();
  const client = vendor.client({ maxBatch: maxMessagesPerRequest, concurrency: options.parallel, timeoutMs: 60_000 });
  const cpuMeter = startCpuMeter(options.cpuTargets);
  const startedAt = performance.now();
  const results = await client.send(messages);
  const seconds = (performance.now() - startedAt) / 1000;
  const cpu = cpuMeter.stop();
  const notNew = results.filter((result) => result.outcome !== 'accepted' || result.duplicate);
  if (notNew.length > 0) throw new Error(`the vendor baseline had ${notNew.length} messages not accepted as new, e.g. ${JSON.stringify(notNew[0])}`);
  return { messages: results.length, requests: Math.ceil(messages.length / maxMessagesPerRequest), seconds, perSecond: results.length / seconds, cpu };
}

/** The messages `sendMessageBatch` hands the vendor for these recipients: the same ids and bodies. */
function vendorMessagesOf(node: MessageNodeSend, recipients: Recipient[]): VendorMessage[] {
  if (node.content.channel !== 'sms') throw new Error('the vendor baseline sends SMS only');
  const render = compileTemplate(node.content, { attributeKeys: node.attributeKeys });
  return recipients.map((recipient) => {
    if (!recipient.phone) throw new Error(`recipient ${recipient._id.toHexString()} has no phone`);
    return {
      messageId: messageIdOf(node.campaignId, node.nodeId, recipient._id.toHexString()),
      channel: 'sms',
      to: recipient.phone,
      body: render(recipient).body,
    };
  });
}
