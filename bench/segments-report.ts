import os from 'node:os';
import type { SegmentsArgs } from './segments-args.js';
import type { TreeTiming } from './segment-timing.js';

/** A preview may take at most this multiple of the bare countDocuments of its filter, per tree. */
export const segmentsGoalRatio = 1.2;

/** Everything measured in one run, before it is turned into the report. */
export interface SegmentsMeasurements {
  args: SegmentsArgs;
  services: { mongo: string; redis: string; temporal: string };
  /** The demo data's "now": relative dates in the trees are measured from about here. */
  dataNow: Date;
  loaded: { customers: number; orders: number; seconds: number };
  trees: Array<{ name: string; description: string; timing: TreeTiming }>;
}

/** The machine-readable result (stdout). */
export type SegmentsReport = ReturnType<typeof buildSegmentsReport>;

/** Medians per tree, the preview/raw ratios and their summary, as one JSON-ready object. */
export function buildSegmentsReport(m: SegmentsMeasurements) {
  const trees = m.trees.map(({ name, description, timing }) => {
    const previewMs = median(timing.previewMs);
    const rawMs = median(timing.rawMs);
    return {
      name,
      description,
      count: timing.count,
      share: round(timing.count / m.loaded.customers, 4),
      previewMedianMs: round(previewMs, 2),
      rawCountMedianMs: round(rawMs, 2),
      ratio: round(previewMs / rawMs, 3),
      // Each preview over the raw count measured next to it: less swayed by the machine's load drifting between rounds.
      pairedRatioMedian: round(median(timing.previewMs.map((ms, run) => ms / (timing.rawMs[run] ?? Number.NaN))), 3),
      goalMet: previewMs / rawMs <= segmentsGoalRatio,
      previewMs: timing.previewMs.map((ms) => round(ms, 2)),
      rawCountMs: timing.rawMs.map((ms) => round(ms, 2)),
    };
  });
  const ratios = trees.map((tree) => tree.previewMedianMs / tree.rawCountMedianMs);
  const worst = Math.max(...ratios);
  return {
    benchmark: 'segments',
    sizes: { customers: m.args.customers, orders: m.loaded.orders, runs: m.args.runs, seed: m.args.seed, dataNow: m.dataNow.toISOString() },
    ratioGeometricMean: round(Math.exp(ratios.reduce((sum, ratio) => sum + Math.log(ratio), 0) / ratios.length), 3),
    ratioWorst: round(worst, 3),
    goal: segmentsGoalRatio,
    goalMet: worst <= segmentsGoalRatio,
    trees,
    // The preview's count equalled the raw count in every round (the run fails otherwise).
    checks: { countsAgree: true, storedCustomers: m.loaded.customers },
    seconds: { loading: round(m.loaded.seconds, 2) },
    services: m.services,
    environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: os.availableParallelism() },
  };
}

/** The same result as a table for people (stderr). */
export function formatSegmentsTable(report: SegmentsReport): string {
  const n = (value: number): string => value.toLocaleString('en-US');
  const header = ['tree', 'customers', 'share', 'preview ms', 'raw count ms', 'paired ratio', 'ratio'];
  const rows = report.trees.map((tree) => [
    tree.name,
    n(tree.count),
    `${(tree.share * 100).toFixed(1)} %`,
    tree.previewMedianMs.toFixed(1),
    tree.rawCountMedianMs.toFixed(1),
    tree.pairedRatioMedian.toFixed(3),
    `${tree.ratio.toFixed(3)}${tree.goalMet ? '' : '  over goal'}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  // Names left-aligned, figures right-aligned.
  const line = (cells: string[]): string => `  ${cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')}`;
  const { sizes } = report;
  const verdict = `worst preview/raw ratio ${report.ratioWorst.toFixed(3)}, geometric mean ${report.ratioGeometricMean.toFixed(3)} (goal ≤ ${report.goal} per tree)`;
  return [
    '',
    `Segment preview benchmark: ${n(sizes.customers)} customers (${n(sizes.orders)} orders folded in), medians of ${sizes.runs} runs per tree`,
    `MongoDB-wire: ${report.services.mongo}; ${report.environment.cpus} CPUs, Node ${report.environment.node}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    `  ms are medians; ratio = preview median / raw median (the goal); paired ratio = median of each run's preview / raw`,
    `  checks: the preview's count equalled countDocuments in every run; ${n(report.checks.storedCustomers)} customers stored in ${report.seconds.loading} s`,
    '',
    report.goalMet ? `GOAL MET: ${verdict}.` : `GOAL MISSED: ${verdict}.`,
    '',
  ].join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? Number.NaN) + upper) / 2;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
