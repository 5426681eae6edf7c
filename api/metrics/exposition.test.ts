import { describe, expect, it } from 'vitest';
import type { StreamMetrics } from '../../streams/stream-metrics.js';
import { escapeHelp, escapeLabelValue, formatExposition, formatValue } from './exposition.js';
import { processMetricFamilies, streamMetricFamilies } from './metric-families.js';

const streams: StreamMetrics[] = [
  {
    stream: 'ingest:customers',
    length: 12,
    deadLetterLength: 1,
    groups: [
      { group: 'customers', lag: 3, pending: 2, oldestPendingAgeSeconds: 4.5, processed: 40, deadLettered: 1, batchSecondsSum: 0.25, batchCount: 5 },
      { group: 'audit', lag: 0, pending: 0, oldestPendingAgeSeconds: 0, processed: 41, deadLettered: 0, batchSecondsSum: 0.5, batchCount: 2 },
    ],
  },
  { stream: 'receipts', length: 7, deadLetterLength: 0, groups: [] },
];
const processStats = { residentMemoryBytes: 104_857_600, heapUsedBytes: 52_428_800, uptimeSeconds: 12.5 };

const seriesLines = (text: string): string[] => text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
const seriesOf = (line: string): string => line.slice(0, line.lastIndexOf(' '));

describe('Prometheus text exposition', () => {
  it('escapes backslash, double quote and line feed in label values, and backslash and line feed in help', () => {
    expect(escapeLabelValue('a\\b"c"\nd')).toBe('a\\\\b\\"c\\"\\nd');
    expect(escapeHelp('one\\two\n"three"')).toBe('one\\\\two\\n"three"');
    const text = formatExposition([{ name: 'x', help: 'h', type: 'gauge', samples: [{ labels: { stream: 'we"ird\\\nname' }, value: 1 }] }]);
    expect(text).toContain('x{stream="we\\"ird\\\\\\nname"} 1\n');
    // An escaped value keeps the sample on one line.
    expect(text.trimEnd().split('\n')).toHaveLength(3);
  });

  it('writes the infinities and NaN as the format spells them', () => {
    expect([Infinity, -Infinity, NaN, 0.25, 3].map(formatValue)).toEqual(['+Inf', '-Inf', 'NaN', '0.25', '3']);
  });

  it('puts HELP then TYPE before the samples of every family, and ends with a line feed', () => {
    const text = formatExposition([...streamMetricFamilies(streams), ...processMetricFamilies(processStats)]);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    const families = lines.filter((line) => line.startsWith('# TYPE ')).map((line) => line.split(' ')[2]);
    expect(families).toEqual([
      'drumbeat_stream_length',
      'drumbeat_stream_dead_letter_length',
      'drumbeat_stream_group_lag',
      'drumbeat_stream_group_pending',
      'drumbeat_stream_oldest_pending_age_seconds',
      'drumbeat_stream_entries_processed_total',
      'drumbeat_stream_entries_dead_lettered_total',
      'drumbeat_stream_batch_seconds',
      'process_resident_memory_bytes',
      'nodejs_heap_used_bytes',
      'process_uptime_seconds',
    ]);
    let current = '';
    lines.forEach((line, index) => {
      if (line.startsWith('# HELP ')) {
        current = line.split(' ')[2] ?? '';
        expect(lines[index + 1]).toMatch(new RegExp(`^# TYPE ${current} (counter|gauge|summary)$`));
      } else if (!line.startsWith('# TYPE ')) {
        expect(line.startsWith(current), line).toBe(true);
      }
    });
    expect(text).toContain('# TYPE drumbeat_stream_entries_processed_total counter\n');
    expect(text).toContain('# TYPE drumbeat_stream_batch_seconds summary\n');
  });

  it('labels streams and groups and writes a summary as _sum and _count', () => {
    const text = formatExposition(streamMetricFamilies(streams));
    expect(seriesLines(text)).toEqual(
      expect.arrayContaining([
        'drumbeat_stream_length{stream="ingest:customers"} 12',
        'drumbeat_stream_length{stream="receipts"} 7',
        'drumbeat_stream_dead_letter_length{stream="ingest:customers"} 1',
        'drumbeat_stream_group_lag{stream="ingest:customers",group="customers"} 3',
        'drumbeat_stream_group_pending{stream="ingest:customers",group="customers"} 2',
        'drumbeat_stream_oldest_pending_age_seconds{stream="ingest:customers",group="customers"} 4.5',
        'drumbeat_stream_entries_processed_total{stream="ingest:customers",group="audit"} 41',
        'drumbeat_stream_entries_dead_lettered_total{stream="ingest:customers",group="customers"} 1',
        'drumbeat_stream_batch_seconds_sum{stream="ingest:customers",group="customers"} 0.25',
        'drumbeat_stream_batch_seconds_count{stream="ingest:customers",group="customers"} 5',
      ]),
    );
    // A stream without groups has only its stream-level series.
    expect(seriesLines(text).filter((line) => line.includes('stream="receipts"'))).toHaveLength(2);
  });

  it('writes every series once', () => {
    const series = seriesLines(formatExposition([...streamMetricFamilies(streams), ...processMetricFamilies(processStats)])).map(seriesOf);
    expect(series.length).toBe(2 * 2 + 2 * 5 + 2 * 2 + 3);
    expect(new Set(series).size).toBe(series.length);
  });

  it('refuses a repeated series, a repeated family and an invalid name, which would be bugs', () => {
    const sample = { labels: { stream: 's' }, value: 1 };
    expect(() => formatExposition([{ name: 'x', help: 'h', type: 'gauge', samples: [sample, sample] }])).toThrow(/series repeated/);
    expect(() =>
      formatExposition([
        { name: 'x', help: 'h', type: 'gauge', samples: [] },
        { name: 'x', help: 'h', type: 'gauge', samples: [] },
      ]),
    ).toThrow(/family repeated/);
    expect(() => formatExposition([{ name: 'bad-name', help: 'h', type: 'gauge', samples: [] }])).toThrow(/invalid metric name/);
    expect(() => formatExposition([{ name: 'x', help: 'h', type: 'gauge', samples: [{ labels: { 'bad-label': 'v' }, value: 1 }] }])).toThrow(/invalid label name/);
  });
});
