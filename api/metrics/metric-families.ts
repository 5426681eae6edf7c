import type { GroupMetrics, StreamMetrics } from '../../streams/stream-metrics.js';
import type { MetricFamily, MetricType } from './exposition.js';

/** What the API process reports about itself. */
export interface ProcessStats {
  residentMemoryBytes: number;
  heapUsedBytes: number;
  uptimeSeconds: number;
}

/** This process's memory and uptime, now. */
export function currentProcessStats(): ProcessStats {
  return { residentMemoryBytes: process.memoryUsage.rss(), heapUsedBytes: process.memoryUsage().heapUsed, uptimeSeconds: process.uptime() };
}

type GroupFamily = { name: string; help: string; type: MetricType; value: (group: GroupMetrics) => number };

const groupFamilies: GroupFamily[] = [
  {
    name: 'drumbeat_stream_group_lag',
    help: 'Entries of the stream not yet delivered to the consumer group.',
    type: 'gauge',
    value: (group) => group.lag,
  },
  {
    name: 'drumbeat_stream_group_pending',
    help: 'Entries delivered to the consumer group but not yet acknowledged.',
    type: 'gauge',
    value: (group) => group.pending,
  },
  {
    name: 'drumbeat_stream_oldest_pending_age_seconds',
    help: 'Age of the oldest unacknowledged entry of the consumer group, from the time in its id; 0 when none is pending.',
    type: 'gauge',
    value: (group) => group.oldestPendingAgeSeconds,
  },
  {
    name: 'drumbeat_stream_entries_processed_total',
    help: 'Entries the consumer group handled and acknowledged.',
    type: 'counter',
    value: (group) => group.processed,
  },
  {
    name: 'drumbeat_stream_entries_dead_lettered_total',
    help: 'Entries the consumer group moved to the dead-letter stream (invalid, or failing too often).',
    type: 'counter',
    value: (group) => group.deadLettered,
  },
];

/** The stream and consumer-group families, labelled by `stream` (and `group`). */
export function streamMetricFamilies(streams: StreamMetrics[]): MetricFamily[] {
  const groups = streams.flatMap(({ stream, groups }) => groups.map((group) => ({ labels: { stream, group: group.group }, group })));
  return [
    {
      name: 'drumbeat_stream_length',
      help: 'Entries in the stream (XLEN), delivered or not, until trimmed.',
      type: 'gauge',
      samples: streams.map(({ stream, length }) => ({ labels: { stream }, value: length })),
    },
    {
      name: 'drumbeat_stream_dead_letter_length',
      help: "Entries in the stream's dead-letter stream (<stream>:dead).",
      type: 'gauge',
      samples: streams.map(({ stream, deadLetterLength }) => ({ labels: { stream }, value: deadLetterLength })),
    },
    ...groupFamilies.map(({ value, ...family }) => ({ ...family, samples: groups.map(({ labels, group }) => ({ labels, value: value(group) })) })),
    {
      name: 'drumbeat_stream_batch_seconds',
      help: 'Time consumers spent on a batch: checking, handling and dead-lettering its entries, until acknowledged.',
      type: 'summary',
      samples: groups.flatMap(({ labels, group }) => [
        { labels, suffix: '_sum' as const, value: group.batchSecondsSum },
        { labels, suffix: '_count' as const, value: group.batchCount },
      ]),
    },
  ];
}

/** The aggregator's backlog: customers whose aggregates have not caught up with their orders yet. */
export function aggregatorFamily(customersAwaiting: number): MetricFamily {
  return {
    name: 'drumbeat_customers_awaiting_aggregates',
    help: 'Customers marked for the aggregator whose spend and order counts do not reflect every stored order yet.',
    type: 'gauge',
    samples: [{ value: customersAwaiting }],
  };
}

/** Receipts the receipts consumer could not match to any message (ids Drumbeat never sent). */
export function unknownReceiptsFamily(unknownReceipts: number): MetricFamily {
  return {
    name: 'drumbeat_receipts_unknown_total',
    help: 'Delivery receipts for message ids Drumbeat never sent, ignored by the receipts consumer (a redelivered entry counts again).',
    type: 'counter',
    samples: [{ value: unknownReceipts }],
  };
}

/** The process families, under the names Prometheus client libraries use for them. */
export function processMetricFamilies(stats: ProcessStats): MetricFamily[] {
  return [
    { name: 'process_resident_memory_bytes', help: 'Resident memory size in bytes.', type: 'gauge', samples: [{ value: stats.residentMemoryBytes }] },
    { name: 'nodejs_heap_used_bytes', help: 'V8 heap in use, in bytes.', type: 'gauge', samples: [{ value: stats.heapUsedBytes }] },
    { name: 'process_uptime_seconds', help: 'Seconds since the process started.', type: 'gauge', samples: [{ value: stats.uptimeSeconds }] },
  ];
}
