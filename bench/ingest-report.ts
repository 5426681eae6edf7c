import os from 'node:os';
import type { ApiIngestionOutcome, KindOutcome } from './api-ingestion.js';
import type { CpuUse } from './cpu-time.js';
import type { IngestArgs } from './ingest-args.js';
import type { RawUpsertTimings } from './raw-upsert-baseline.js';
import type { RssSummary } from './rss-sampler.js';

/** Persisted end to end must reach this share of the raw upsert rate. */
export const ingestGoalRatio = 0.7;

/** Everything measured in one run, before it is turned into the report. */
export interface IngestMeasurements {
  args: IngestArgs;
  services: { mongo: string; redis: string; temporal: string };
  raw: RawUpsertTimings;
  rawCpu: CpuUse;
  api: ApiIngestionOutcome;
  pipelineCpu: CpuUse;
  consumerRss: RssSummary | null;
  /** The consumers' log lines at warn level or above. */
  consumerWarnings: string[];
  /** Documents in the pipeline's database afterwards: proof the work was really done. */
  stored: { customers: number; orders: number };
  /** API answers that asked the client to retry (429, 503). */
  retryResponses: number;
}

/** The machine-readable result (stdout). */
export type IngestReport = ReturnType<typeof buildIngestReport>;

/** Rates, the ratio to the same-run baseline and the supporting detail, as one JSON-ready object. */
export function buildIngestReport(m: IngestMeasurements) {
  const { customers, orders } = m.api;
  const records = customers.records + orders.records;
  // Sending time only: with --orders-after-customers the wait for the customers is not the API's.
  const acceptedMs = sendingMs(customers) + sendingMs(orders);
  // Persisted end to end: every record stored and every customer's aggregates settled.
  const persistedMs = Math.max(customers.doneAtMs, orders.doneAtMs, m.api.aggregatesSettledAtMs);
  const persistedPerSecond = (customers.persisted + orders.persisted) / (persistedMs / 1000);
  const ratio = persistedPerSecond / m.raw.perSecond;
  const rss = m.consumerRss;
  return {
    benchmark: 'ingest',
    sizes: { customers: m.args.customers, orders: m.args.orders, records, batchSize: m.args.batchSize, inFlight: m.args.inFlight, seed: m.args.seed },
    mode: m.args.ordersAfterCustomers ? 'orders-after-customers-persisted' : 'orders-right-after-customers',
    acceptedPerSecond: Math.round((customers.accepted + orders.accepted) / (acceptedMs / 1000)),
    persistedPerSecond: Math.round(persistedPerSecond),
    rawUpsertPerSecond: Math.round(m.raw.perSecond),
    ratio: round(ratio, 3),
    goal: ingestGoalRatio,
    goalMet: ratio >= ingestGoalRatio,
    consumer: {
      peakRssMb: rss?.peakMb ?? null,
      rssMb: rss ? { start: rss.startMb, mid: rss.midMb, end: rss.endMb } : null,
      rssMaxFirstHalfMb: rss?.maxFirstHalfMb ?? null,
      rssMaxSecondHalfMb: rss?.maxSecondHalfMb ?? null,
      rssTimelineMb: rss?.timelineMb ?? null,
      rssSamples: rss?.samples ?? 0,
      warnings: m.consumerWarnings.length,
      firstWarnings: m.consumerWarnings.slice(0, 3).map((line) => line.slice(0, 600)),
    },
    seconds: {
      accepted: round(acceptedMs / 1000, 2),
      persisted: round(persistedMs / 1000, 2),
      aggregatesSettled: round(m.api.aggregatesSettledAtMs / 1000, 2),
      rawUpsert: round(m.raw.customers.seconds + m.raw.orders.seconds, 2),
      generatingRecords: round((customers.generationMs + orders.generationMs) / 1000, 2),
    },
    kinds: { customers: kindDetail(customers, m.raw.customers), orders: kindDetail(orders, m.raw.orders) },
    /** CPU seconds per process over each phase's wall time: who was busy (the machine has `environment.cpus`). */
    cpu: { rawUpserts: m.rawCpu, pipeline: m.pipelineCpu },
    checks: {
      rejected: customers.rejected + orders.rejected,
      deadLettered: customers.deadLettered + orders.deadLettered,
      persisted: customers.persisted + orders.persisted,
      storedCustomers: m.stored.customers,
      storedOrders: m.stored.orders,
      retryResponses: m.retryResponses,
    },
    services: m.services,
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.availableParallelism() },
  };
}

function sendingMs(kind: KindOutcome): number {
  return kind.requests > 0 ? kind.acceptedAtMs - kind.sendStartMs : 0;
}

function kindDetail(kind: KindOutcome, raw: { records: number; seconds: number }) {
  return {
    records: kind.records,
    requests: kind.requests,
    // Seconds from the first request of the run: customers and orders share one clock.
    sendStartAtSeconds: round(kind.sendStartMs / 1000, 2),
    acceptedAtSeconds: round(kind.acceptedAtMs / 1000, 2),
    doneAtSeconds: round(kind.doneAtMs / 1000, 2),
    rawUpsertSeconds: round(raw.seconds, 2),
    rawUpsertPerSecond: raw.records > 0 ? Math.round(raw.records / raw.seconds) : null,
  };
}

/** The same result as a table for people (stderr). */
export function formatIngestTable(report: IngestReport): string {
  const n = (value: number | null): string => (value === null ? '-' : value.toLocaleString('en-US'));
  const { consumer, kinds } = report;
  const cpuOf = (use: CpuUse): string =>
    `${Object.entries(use.cpuSeconds).map(([name, seconds]) => `${name} ${seconds ?? '?'}`).join(', ')}  (of ${use.wallSeconds} s wall)`;
  const rows: Array<[string, string]> = [
    ['accepted at the API', `${n(report.acceptedPerSecond)} records/s  (${report.seconds.accepted} s sending)`],
    ['persisted end to end', `${n(report.persistedPerSecond)} records/s  (${report.seconds.persisted} s)`],
    ['raw bulkWrite upserts (baseline)', `${n(report.rawUpsertPerSecond)} records/s  (${report.seconds.rawUpsert} s)`],
    ['ratio persisted / raw', `${report.ratio.toFixed(3)}  (goal ${report.goal})`],
    ['  customers sent / accepted / done at', `${kinds.customers.sendStartAtSeconds} / ${kinds.customers.acceptedAtSeconds} / ${kinds.customers.doneAtSeconds} s`],
    ['  orders sent / accepted / done at', `${kinds.orders.sendStartAtSeconds} / ${kinds.orders.acceptedAtSeconds} / ${kinds.orders.doneAtSeconds} s`],
    ['  raw customers / orders', `${n(kinds.customers.rawUpsertPerSecond)} / ${n(kinds.orders.rawUpsertPerSecond)} records/s`],
    ['  CPU s, raw upserts', cpuOf(report.cpu.rawUpserts)],
    ['  CPU s, pipeline', cpuOf(report.cpu.pipeline)],
    [
      'consumer RSS start / mid / end',
      consumer.rssMb ? `${consumer.rssMb.start} / ${consumer.rssMb.mid} / ${consumer.rssMb.end} MB` : 'not measured (no /proc)',
    ],
    ['consumer RSS max, 1st / 2nd half', `${consumer.rssMaxFirstHalfMb ?? '-'} / ${consumer.rssMaxSecondHalfMb ?? '-'} MB`],
    ['consumer peak RSS (VmHWM)', consumer.peakRssMb === null ? 'not measured' : `${consumer.peakRssMb} MB`],
    [
      'checks',
      `stored ${n(report.checks.storedCustomers)} customers, ${n(report.checks.storedOrders)} orders; ${report.checks.rejected} rejected, ` +
        `${report.checks.deadLettered} dead-lettered, ${report.checks.retryResponses} retry answers, ${consumer.warnings} consumer warnings`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const { sizes } = report;
  const verdict = `persisted end to end at ${report.ratio.toFixed(3)} of the raw upsert rate (goal ${report.goal})`;
  return [
    '',
    `Ingestion benchmark: ${n(sizes.customers)} customers + ${n(sizes.orders)} orders, batches of ${n(sizes.batchSize)}, ${sizes.inFlight} in flight, ${report.mode}`,
    `MongoDB-wire: ${report.services.mongo}; ${report.environment.cpus} CPUs, Node ${report.environment.node}`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    report.goalMet ? `GOAL MET: ${verdict}.` : `GOAL NOT MET: ${verdict}.`,
    '',
  ].join('\n');
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
