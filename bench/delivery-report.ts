import os from 'node:os';
import type { CpuUse } from './cpu-time.js';
import type { DeliveryArgs } from './delivery-args.js';
import type { DeliveryChecks } from './delivery-checks.js';
import type { DatabaseUpdateTiming } from './delivery-database-baseline.js';
import type { EndToEndTiming } from './delivery-run.js';
import type { VendorAcceptTiming } from './delivery-vendor-baseline.js';

/** Everything measured in one run, before it is turned into the report. */
export interface DeliveryMeasurements {
  args: DeliveryArgs;
  services: { mongo: string; redis: string; temporal: string };
  /** How the vendor and the consumers were set up for the run. */
  settings: { vendorSeed: string; receiptDelay: string; receiptBatch: number; consumerBatchSize: number };
  setupSeconds: number;
  vendorRaw: VendorAcceptTiming;
  databaseRaw: DatabaseUpdateTiming;
  endToEnd: EndToEndTiming;
  endToEndCpu: CpuUse;
  checks: DeliveryChecks;
  /** The consumers' log lines at warn level or above. */
  consumerWarnings: string[];
}

/** The machine-readable result (stdout). */
export type DeliveryReport = ReturnType<typeof buildDeliveryReport>;

/** Rates, their ratios to the same-run baselines and the supporting detail, as one JSON-ready object. */
export function buildDeliveryReport(m: DeliveryMeasurements) {
  const e2e = m.endToEnd;
  const messages = m.args.messages;
  const endToEndPerSecond = messages / e2e.totalSeconds;
  return {
    benchmark: 'delivery',
    sizes: { messages, page: m.args.page, parallel: m.args.parallel, seed: m.args.seed },
    endToEndPerSecond: Math.round(endToEndPerSecond),
    vendorRawPerSecond: Math.round(m.vendorRaw.perSecond),
    databaseRawPerSecond: Math.round(m.databaseRaw.perSecond),
    ratios: {
      endToEndToVendorRaw: round(endToEndPerSecond / m.vendorRaw.perSecond, 3),
      endToEndToDatabaseRaw: round(endToEndPerSecond / m.databaseRaw.perSecond, 3),
    },
    endToEnd: {
      messages,
      pages: e2e.pages,
      seconds: { send: round(e2e.sendSeconds, 2), receiptDrain: round(e2e.totalSeconds - e2e.sendSeconds, 2), total: round(e2e.totalSeconds, 2) },
      sendPerSecond: Math.round(messages / e2e.sendSeconds),
      receiptsAppliedWhileSending: e2e.receiptsAppliedWhileSending,
    },
    vendorRaw: {
      messages: m.vendorRaw.messages,
      requests: m.vendorRaw.requests,
      inFlight: m.args.parallel,
      seconds: round(m.vendorRaw.seconds, 2),
      perSecond: Math.round(m.vendorRaw.perSecond),
    },
    databaseRaw: {
      updates: m.databaseRaw.updates,
      batchSize: m.databaseRaw.batchSize,
      sliceSize: m.databaseRaw.sliceSize,
      seconds: round(m.databaseRaw.seconds, 2),
      perSecond: Math.round(m.databaseRaw.perSecond),
    },
    settings: m.settings,
    /** CPU seconds per process over each phase's wall time: who was busy (the machine has `environment.cpus`). */
    cpu: { vendorRaw: m.vendorRaw.cpu, databaseRaw: m.databaseRaw.cpu, endToEnd: m.endToEndCpu },
    checks: { passed: m.checks.failed.length === 0, ...m.checks },
    consumer: { warnings: m.consumerWarnings.length, firstWarnings: m.consumerWarnings.slice(0, 3).map((line) => line.slice(0, 600)) },
    seconds: { setup: round(m.setupSeconds, 2) },
    services: m.services,
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.availableParallelism() },
  };
}

/** The same result as a table for people (stderr). */
export function formatDeliveryTable(report: DeliveryReport): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  const { endToEnd, vendorRaw, databaseRaw, checks } = report;
  const cpuOf = (use: CpuUse): string =>
    `${Object.entries(use.cpuSeconds).map(([name, seconds]) => `${name} ${seconds ?? '?'}`).join(', ')}  (of ${use.wallSeconds} s wall)`;
  const rows: Array<[string, string]> = [
    ['end to end, send to last receipt applied', `${n(report.endToEndPerSecond)} messages/s  (${endToEnd.seconds.total} s)`],
    ['vendor raw accepts (baseline A)', `${n(report.vendorRawPerSecond)} messages/s  (${vendorRaw.seconds} s, ${n(vendorRaw.requests)} requests, ${vendorRaw.inFlight} in flight)`],
    ['database raw status updates (baseline B)', `${n(report.databaseRawPerSecond)} updates/s  (${databaseRaw.seconds} s, batches of ${n(databaseRaw.batchSize)})`],
    ['ratio end to end / vendor raw', report.ratios.endToEndToVendorRaw.toFixed(3)],
    ['ratio end to end / database raw', report.ratios.endToEndToDatabaseRaw.toFixed(3)],
    ['  send phase', `${endToEnd.seconds.send} s  (${n(endToEnd.sendPerSecond)} messages/s; ${n(endToEnd.receiptsAppliedWhileSending)} receipts applied meanwhile)`],
    ['  receipt drain after it', `${endToEnd.seconds.receiptDrain} s`],
    ['  CPU s, vendor raw', cpuOf(report.cpu.vendorRaw)],
    ['  CPU s, database raw', cpuOf(report.cpu.databaseRaw)],
    ['  CPU s, end to end', cpuOf(report.cpu.endToEnd)],
    [
      'outcomes',
      `${n(checks.counters.delivered)} delivered, ${n(checks.counters.failed)} failed (vendor: ${n(checks.vendor.delivered)} / ${n(checks.vendor.failed)}; ` +
        `log: ${n(checks.log.delivered)} / ${n(checks.log.failed)})`,
    ],
    [
      'checks',
      checks.passed
        ? `all passed; ${checks.openJournalRounds} open journal rounds, ${checks.unknownReceipts} unknown receipts, ` +
          `${checks.vendor.receiptAttemptsFailed} refused receipt posts, ${report.consumer.warnings} consumer warnings`
        : `FAILED: ${checks.failed.join('; ')}`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const { sizes, settings } = report;
  return [
    '',
    `Delivery benchmark: ${n(sizes.messages)} SMS, pages of ${n(sizes.page)}, ${sizes.parallel} in flight; ` +
      `receipts after ~${settings.receiptDelay} in batches of ${n(settings.receiptBatch)}, consumer batches of ${n(settings.consumerBatchSize)}`,
    `MongoDB-wire: ${report.services.mongo}; ${report.environment.cpus} CPUs, Node ${report.environment.node}`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
  ].join('\n');
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
