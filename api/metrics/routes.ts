import type { Redis } from 'ioredis';
import { customersAwaitingAggregates } from '../../streams/ingest/aggregation-queue.js';
import { createStreamMetrics } from '../../streams/stream-metrics.js';
import { defineRoute, type RouteDefinition } from '../routing/route.js';
import { expositionContentType, formatExposition } from './exposition.js';
import { aggregatorFamily, currentProcessStats, processMetricFamilies, streamMetricFamilies, unknownReceiptsFamily, type ProcessStats } from './metric-families.js';
import { receiptStatsKey } from '../../streams/receipts/receipt-consumer.js';

export interface MetricsDeps {
  /** A command connection with the installation's key prefix: the streams and the consumers' counters. */
  redis: Redis;
  /** The streams to report; the installation's known streams by default. */
  streams?: readonly string[];
  processStats?: () => ProcessStats;
  now?: () => number;
}

/** Renders the metrics page: stream backlog and consumer throughput from Redis, and this process's own. */
export function createMetricsExporter(deps: MetricsDeps): { render(): Promise<string> } {
  const streamMetrics = createStreamMetrics({ redis: deps.redis, ...(deps.streams ? { streams: deps.streams } : {}), ...(deps.now ? { now: deps.now } : {}) });
  const processStats = deps.processStats ?? currentProcessStats;
  return {
    async render() {
      const [streams, awaiting, unknownReceipts] = await Promise.all([
        streamMetrics.collect(),
        customersAwaitingAggregates(deps.redis),
        deps.redis.hget(receiptStatsKey, 'unknown'),
      ]);
      return formatExposition([
        ...streamMetricFamilies(streams),
        aggregatorFamily(awaiting),
        unknownReceiptsFamily(Number(unknownReceipts ?? 0)),
        ...processMetricFamilies(processStats()),
      ]);
    },
  };
}

/** `GET /metrics` for Prometheus. */
export function metricsRoutes(deps: MetricsDeps): RouteDefinition[] {
  const exporter = createMetricsExporter(deps);
  return [
    defineRoute({
      method: 'get',
      path: '/metrics',
      operationId: 'getMetrics',
      summary: 'Stream backlog, consumer throughput and process metrics, in Prometheus text format',
      description:
        'Prometheus text exposition format 0.0.4. Per stream: length and dead-letter length; per consumer group: lag, pending, ' +
        'age of the oldest pending entry, entries processed and dead-lettered, and batch durations; customers whose aggregates are catching up; ' +
        'delivery receipts for unknown message ids. ' +
        'Scrapers authenticate with an API key that has the `read` scope, sent as `Authorization: Bearer <key>` ' +
        '(in `prometheus.yml`: `authorization: { credentials: <key> }`).',
      tags: ['system'],
      access: { kind: 'permission', permission: 'system:read' },
      responses: { 200: { description: `The metrics, as \`${expositionContentType}\`` } },
      handler: async () => ({
        status: 200,
        body: await exporter.render(),
        headers: { 'Content-Type': expositionContentType, 'Cache-Control': 'no-store' },
      }),
    }),
  ];
}
