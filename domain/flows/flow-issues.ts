import type { z } from 'zod';
import { formatFieldPath, type PathSegment } from '../ingest/field-path.js';
import { isFlowErrorCode, quoted, type FlowError } from './flow-errors.js';

// zod's issues, turned into flow errors: worded for a marketer where zod's defaults are worded for a
// programmer ("Invalid input: expected number, received string"), placed by a dotted path from the
// document's root, and coded by the refinement that raised them ('wait_too_long', 'percentages') or
// else 'schema'. The schemas word their own constraints; this covers what zod says by itself.

type RawIssue = z.core.$ZodRawIssue;

function described(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

const expectedNouns: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

/** Wording for the issues zod raises with its own messages; undefined keeps the schema's. */
export function flowIssueMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = expectedNouns[issue.expected] ?? issue.expected;
      return issue.input === undefined ? `required: expected ${expected}` : `expected ${expected}, got ${described(issue.input)}`;
    }
    case 'invalid_value': {
      const values = issue.values.map((value) => JSON.stringify(value) ?? String(value));
      return values.length <= 2 ? `expected ${values.join(' or ')}` : `expected one of ${values.join(', ')}`;
    }
    case 'too_big':
      return issue.origin === 'string' ? `must be at most ${String(issue.maximum)} characters` : `must be at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' ? `must be at least ${String(issue.minimum)} characters` : `must be at least ${String(issue.minimum)}`;
    default:
      return undefined;
  }
}

// Keys an attacker chose are cut short before they become part of a path.
function safeSegment(segment: PropertyKey): PathSegment {
  if (typeof segment === 'number') return segment;
  const key = String(segment);
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}

/** The dotted path of `segments` (`nodes.3.content.body`; odd keys quoted: `nodes.3["a.b"]`). */
export function flowPath(segments: readonly PropertyKey[]): string {
  return formatFieldPath(segments.map(safeSegment));
}

/** Where an issue belongs: under which prefix of the document, and which node and edge it concerns. */
export interface IssuePlace {
  prefix: readonly PathSegment[];
  nodeId: string | null;
  edgeIndex?: number;
}

/** Flow errors for zod issues found at `place`: one per issue, or one per key of an unknown-keys issue. */
export function issuesToFlowErrors(issues: readonly z.core.$ZodIssue[], place: IssuePlace): FlowError[] {
  const key = { nodeId: place.nodeId, ...(place.edgeIndex === undefined ? {} : { edgeIndex: place.edgeIndex }) };
  return issues.flatMap((issue): FlowError[] => {
    const path = [...place.prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((unknown) => ({ ...key, path: flowPath([...path, unknown]), code: 'schema', message: `unknown key ${quoted(unknown)}` }));
    }
    const flowCode: unknown = issue.code === 'custom' ? issue.params?.flowCode : undefined;
    return [{ ...key, path: flowPath(path), code: isFlowErrorCode(flowCode) ? flowCode : 'schema', message: issue.message }];
  });
}
