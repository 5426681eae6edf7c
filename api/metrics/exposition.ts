/** The content type of the Prometheus text exposition format this module writes. */
export const expositionContentType = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'summary';

/** One sample; `suffix` names a summary's parts (`_sum`, `_count`). */
export interface Sample {
  labels?: Record<string, string>;
  value: number;
  suffix?: '_sum' | '_count';
}

/** A metric with its help text, type and every series of it. */
export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  samples: Sample[];
}

const namePattern = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelNamePattern = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label value as the format requires: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Help text as the format requires: backslash and line feed escaped (quotes stay as they are). */
export function escapeHelp(help: string): string {
  return help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value: Go-style float text, with the format's spellings of the infinities and NaN. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  for (const [name] of entries) {
    if (!labelNamePattern.test(name) || name.startsWith('__')) throw new Error(`invalid label name: ${name}`);
  }
  return `{${entries.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/**
 * The families as Prometheus text (format 0.0.4): HELP and TYPE before each family's samples. Names
 * are ours, not callers', so an invalid name or a repeated family or series is a bug and throws.
 */
export function formatExposition(families: MetricFamily[]): string {
  const lines: string[] = [];
  const familyNames = new Set<string>();
  const series = new Set<string>();
  for (const family of families) {
    if (!namePattern.test(family.name)) throw new Error(`invalid metric name: ${family.name}`);
    if (familyNames.has(family.name)) throw new Error(`metric family repeated: ${family.name}`);
    familyNames.add(family.name);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const line = `${family.name}${sample.suffix ?? ''}${formatLabels(sample.labels)}`;
      if (series.has(line)) throw new Error(`series repeated: ${line}`);
      series.add(line);
      lines.push(`${line} ${formatValue(sample.value)}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
