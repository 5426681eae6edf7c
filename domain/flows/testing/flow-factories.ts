import { createFieldRegistry } from '../../segments/field-registry.js';
import type { FlowDocument } from '../flow-document.js';
import type { FlowError } from '../flow-errors.js';
import type { FlowValidation, FlowValidationContext } from '../validate-flow.js';

// Builders for flow tests: small valid pieces that a test bends into exactly the mistake it is about.
// Nodes and edges are plain records, not FlowNodes, because tests also send what the schema refuses.

/** A node or edge as a test writes it. */
export type RawRecord = Record<string, unknown>;

/** The moment tests validate at, so `until` waits are stable. */
export const testNow = new Date('2025-06-01T00:00:00Z');

/** A validation context with the built-in fields and variables plus a `tier` attribute. */
export function testContext(overrides: Partial<FlowValidationContext> = {}): FlowValidationContext {
  return { fieldRegistry: createFieldRegistry([{ key: 'tier', type: 'string' }]), attributeKeys: ['tier'], now: testNow, ...overrides };
}

/** An audience node whose rule picks customers who spent over 5000. */
export function audienceNode(id = 'audience', source: unknown = { kind: 'rule', rule: { field: 'spend', operator: 'gt', value: 5000 } }): RawRecord {
  return { id, type: 'audience', source };
}

/** An SMS message node. */
export function messageNode(id: string, body = 'Hi {{first_name | there}}, we miss you!', extra: RawRecord = {}): RawRecord {
  return { id, type: 'message', content: { channel: 'sms', body, ...extra } };
}

/** A wait node of `seconds`. */
export function waitNode(id: string, wait: unknown = { kind: 'duration', seconds: 3_600 }, quietHours?: unknown): RawRecord {
  return { id, type: 'wait', wait, ...(quietHours === undefined ? {} : { quietHours }) };
}

/** A split node. */
export function splitNode(id: string, split: unknown = { kind: 'converted' }): RawRecord {
  return { id, type: 'split', split };
}

/** A tag node adding `tag`. */
export function tagNode(id: string, tag = 'won-back'): RawRecord {
  return { id, type: 'tag', action: 'add', tag };
}

/** An exit node. */
export function exitNode(id = 'exit'): RawRecord {
  return { id, type: 'exit' };
}

/** An edge, labelled when `branch` is given. */
export function edge(from: string, to: string, branch?: string): RawRecord {
  return { from, to, ...(branch === undefined ? {} : { branch }) };
}

/** A version-1 document of these nodes and edges. */
export function flowOf(nodes: unknown[], edges: unknown[]): { schemaVersion: 1; nodes: unknown[]; edges: unknown[] } {
  return { schemaVersion: 1, nodes, edges };
}

/** A valid flow of `length` nodes in a line: audience → tags → exit. */
export function chainFlow(length: number): { schemaVersion: 1; nodes: RawRecord[]; edges: RawRecord[] } {
  const ids = Array.from({ length }, (_, index) => (index === 0 ? 'audience' : index === length - 1 ? 'exit' : `tag-${index}`));
  const nodes = ids.map((id, index) => (index === 0 ? audienceNode(id) : index === length - 1 ? exitNode(id) : tagNode(id, `step-${index}`)));
  const edges = ids.slice(1).map((id, index) => edge(ids[index] ?? '', id));
  return { schemaVersion: 1, nodes, edges };
}

/** audience → message → wait → split(converted) → [converted: tag, notConverted: message] → exit. */
export function winBackShape(): { schemaVersion: 1; nodes: RawRecord[]; edges: RawRecord[] } {
  return {
    schemaVersion: 1,
    nodes: [audienceNode(), messageNode('first'), waitNode('wait'), splitNode('ordered'), tagNode('won-back'), messageNode('second', 'Here is 10% off: COMEBACK10'), exitNode()],
    edges: [
      edge('audience', 'first'),
      edge('first', 'wait'),
      edge('wait', 'ordered'),
      edge('ordered', 'won-back', 'converted'),
      edge('ordered', 'second', 'notConverted'),
      edge('won-back', 'exit'),
      edge('second', 'exit'),
    ],
  };
}

/** The flow of a validation that must have passed; throws with the errors otherwise. */
export function validFlow(result: FlowValidation): FlowDocument {
  if (!result.ok) throw new Error(`expected a valid flow, got ${JSON.stringify(result.errors, null, 2)}`);
  return result.flow;
}

/** The errors of a validation that must have failed. */
export function errorsOf(result: FlowValidation): FlowError[] {
  if (result.ok) throw new Error('expected errors, but the flow is valid');
  return result.errors;
}

/** The errors with this code. */
export function withCode(errors: readonly FlowError[], code: FlowError['code']): FlowError[] {
  return errors.filter((error) => error.code === code);
}
