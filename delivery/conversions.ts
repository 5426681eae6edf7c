import type { Redis } from 'ioredis';
import type { Types } from 'mongoose';
import { bulkWriteInSlices } from '../db/bulk-write.js';
import type { Models } from '../db/models.js';
import { campaignOfMessageId } from '../domain/delivery/delivery-ids.js';

// Conversions, attributed as orders arrive: each message sent is remembered per customer in Redis
// (a sorted set scored by send time, trimmed to the conversion window); an order then belongs to the
// campaign message its customer received last before ordering (last touch). One Redis round trip per
// batch of sends and per batch of orders; no scan of the communication log.

/** How long after a message an order still counts as its conversion, unless CONVERSION_WINDOW says otherwise. */
export const defaultConversionWindowMs = 7 * 86_400_000;

const keyOf = (customerId: string): string => `recent-messages:${customerId}`;

/** Remembers messages the vendor accepted, for attributing the customers' next orders. */
export async function rememberSentMessages(
  redis: Redis,
  sent: ReadonlyArray<{ customerId: string; messageId: string; nodeId: string; sentAt: number }>,
  windowMs: number,
): Promise<void> {
  if (sent.length === 0) return;
  const pipeline = redis.pipeline();
  for (const message of sent) {
    const key = keyOf(message.customerId);
    pipeline.zadd(key, message.sentAt, `${message.messageId}|${message.nodeId}`);
    pipeline.zremrangebyscore(key, '-inf', message.sentAt - windowMs);
    pipeline.pexpire(key, windowMs);
  }
  await pipeline.exec();
}

/** An order as attribution needs it. */
export interface AttributableOrder {
  customerId: Types.ObjectId;
  orderKey: string;
  amount: number;
  counted: boolean;
  orderedAt: Date;
}

/**
 * Attributes orders to the last campaign message each customer received within the window before the
 * order, and stores the conversions (replacing earlier versions of the same order). Returns how many.
 */
export async function attributeOrders(models: Pick<Models, 'campaignConversions'>, redis: Redis, orders: readonly AttributableOrder[], windowMs: number): Promise<number> {
  if (orders.length === 0) return 0;
  const pipeline = redis.pipeline();
  for (const order of orders) {
    const at = order.orderedAt.getTime();
    pipeline.zrevrangebyscore(keyOf(order.customerId.toHexString()), at, at - windowMs, 'WITHSCORES', 'LIMIT', 0, 1);
  }
  const replies = (await pipeline.exec()) ?? [];
  const conversions = orders.flatMap((order, index) => {
    const [error, reply] = replies[index] ?? [null, []];
    const [member, score] = error ? [] : (reply as string[]);
    if (!member || score === undefined) return [];
    const separator = member.lastIndexOf('|');
    const messageId = member.slice(0, separator);
    const campaignId = campaignOfMessageId(messageId);
    if (!campaignId) return [];
    return [
      {
        _id: `${campaignId}:${order.orderKey}`,
        campaignId,
        nodeId: member.slice(separator + 1),
        messageId,
        customerId: order.customerId,
        orderKey: order.orderKey,
        amount: order.amount,
        counted: order.counted,
        orderedAt: order.orderedAt,
        sentAt: new Date(Number(score)),
      },
    ];
  });
  const refused = await bulkWriteInSlices(
    models.campaignConversions,
    conversions.map((conversion) => ({ replaceOne: { filter: { _id: conversion._id }, replacement: conversion, upsert: true } })),
  );
  if (refused.size > 0) throw new Error(`conversion writes refused: ${[...refused.values()].slice(0, 3).join('; ')}`);
  return conversions.length;
}

/** A campaign's conversions: orders, customers and revenue, in total and per message node. */
export interface CampaignConversions {
  orders: number;
  customers: number;
  revenue: number;
  nodes: Record<string, { orders: number; customers: number; revenue: number }>;
}

/** Totals a campaign's conversions (cancelled and refunded orders left out). */
export async function readCampaignConversions(models: Pick<Models, 'campaignConversions'>, campaignId: string): Promise<CampaignConversions> {
  const rows = await models.campaignConversions.find({ campaignId, counted: true }, { nodeId: 1, customerId: 1, amount: 1 }).lean();
  const total = { orders: 0, customers: new Set<string>(), revenue: 0 };
  const nodes = new Map<string, { orders: number; customers: Set<string>; revenue: number }>();
  for (const row of rows) {
    const node = nodes.get(row.nodeId) ?? { orders: 0, customers: new Set<string>(), revenue: 0 };
    for (const tally of [total, node]) {
      tally.orders += 1;
      tally.customers.add(row.customerId.toHexString());
      tally.revenue += row.amount;
    }
    nodes.set(row.nodeId, node);
  }
  const round = (value: number): number => Math.round(value * 100) / 100;
  return {
    orders: total.orders,
    customers: total.customers.size,
    revenue: round(total.revenue),
    nodes: Object.fromEntries([...nodes].map(([nodeId, node]) => [nodeId, { orders: node.orders, customers: node.customers.size, revenue: round(node.revenue) }])),
  };
}
