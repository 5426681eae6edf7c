// One tree measured two ways, interleaved so drift in the machine's load hits both alike: the preview
// through the real HTTP API (auth, validation, compile, count + sample in parallel, JSON) and the bare
// countDocuments of the same compiled filter over a separate driver connection, the floor the preview
// cannot beat.

import { z } from 'zod';
import type { Database } from '../db/open.js';
import type { CheckedRule, SegmentRule } from '../domain/segments/rule.js';
import { compileSegment } from '../domain/segments/compile-segment.js';

/** The most a preview's sample may hold. */
const sampleLimit = 10;

const previewResponseSchema = z.object({ count: z.number().int().min(0), sample: z.array(z.unknown()) });

/** Posts a rule to the preview route and returns its count and sample size; any non-200 throws with the body. */
export type PreviewCall = (rule: SegmentRule) => Promise<{ count: number; sampleSize: number }>;

/** A preview caller for the API at `apiUrl`, authenticated with an API key. */
export function previewCaller(apiUrl: string, apiKey: string, signal: AbortSignal): PreviewCall {
  return async (rule) => {
    const response = await fetch(new URL('/api/segments/preview', apiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({ rule }),
      signal,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`POST /api/segments/preview answered ${response.status}: ${text.slice(0, 600)}`);
    const body = previewResponseSchema.parse(JSON.parse(text));
    return { count: body.count, sampleSize: body.sample.length };
  };
}

/** What one tree matched and every timing of it, in milliseconds. */
export interface TreeTiming {
  count: number;
  previewMs: number[];
  rawMs: number[];
}

/**
 * Measures one tree: a warm-up of each, then `runs` rounds of one preview and one raw count, the
 * order swapped every round. Every round checks that both counted the same customers and that the
 * sample is as big as it can be; a difference is a bug, and the run fails rather than report it.
 */
export async function measureTree(options: {
  name: string;
  rule: SegmentRule;
  checked: CheckedRule;
  runs: number;
  preview: PreviewCall;
  customers: Pick<Database['models']['customers']['collection'], 'countDocuments'>;
  signal: AbortSignal;
}): Promise<TreeTiming> {
  const { name, rule, checked, preview, customers, signal } = options;
  // A fresh `now` per count, as the preview takes one per request: relative dates stay comparable.
  const rawCount = async (): Promise<{ count: number; ms: number }> => {
    const filter = compileSegment(checked, new Date());
    const startedAt = performance.now();
    const count = await customers.countDocuments(filter);
    return { count, ms: performance.now() - startedAt };
  };
  const previewOnce = async (): Promise<{ count: number; sampleSize: number; ms: number }> => {
    const startedAt = performance.now();
    const result = await preview(rule);
    return { ...result, ms: performance.now() - startedAt };
  };
  const agree = (previewed: { count: number; sampleSize: number }, raw: { count: number }, round: string): void => {
    if (previewed.count !== raw.count) throw new Error(`tree ${name}, ${round}: the preview counted ${previewed.count} customers, countDocuments ${raw.count}`);
    const expectedSample = Math.min(sampleLimit, raw.count);
    if (previewed.sampleSize !== expectedSample) throw new Error(`tree ${name}, ${round}: the preview's sample holds ${previewed.sampleSize} customers, expected ${expectedSample}`);
  };

  agree(await previewOnce(), await rawCount(), 'warm-up');
  const timing: TreeTiming = { count: 0, previewMs: [], rawMs: [] };
  for (let round = 0; round < options.runs; round += 1) {
    signal.throwIfAborted();
    let previewed: Awaited<ReturnType<typeof previewOnce>>;
    let raw: Awaited<ReturnType<typeof rawCount>>;
    if (round % 2 === 0) {
      previewed = await previewOnce();
      raw = await rawCount();
    } else {
      raw = await rawCount();
      previewed = await previewOnce();
    }
    agree(previewed, raw, `run ${round + 1}`);
    timing.count = raw.count;
    timing.previewMs.push(previewed.ms);
    timing.rawMs.push(raw.ms);
  }
  return timing;
}
