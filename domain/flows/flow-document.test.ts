import { describe, expect, it } from 'vitest';
import { abTestFlow, winBackFlow } from './example-flows.js';
import { branchesOf, edgeBranch, flowDocumentSchema, flowNodeSchema, plainBranch, type FlowNode } from './flow-document.js';

describe('flowDocumentSchema', () => {
  it('parses the examples as they are', () => {
    expect(flowDocumentSchema.parse(winBackFlow)).toEqual(winBackFlow);
  });

  it('trims labels and refuses one over 80 characters', () => {
    expect(flowNodeSchema.parse({ id: 'e', type: 'exit', label: '  Done  ' })).toEqual({ id: 'e', type: 'exit', label: 'Done' });
    expect(flowNodeSchema.safeParse({ id: 'e', type: 'exit', label: 'x'.repeat(81) }).error?.issues[0]?.message).toBe('a label has at most 80 characters');
  });

  it('keeps the editor’s position and refuses one that is not two numbers', () => {
    expect(flowNodeSchema.parse({ id: 'e', type: 'exit', position: { x: 1.5, y: -20 } })).toMatchObject({ position: { x: 1.5, y: -20 } });
    expect(flowNodeSchema.safeParse({ id: 'e', type: 'exit', position: { x: '1', y: 0 } }).success).toBe(false);
  });

  it('refuses more than 100 nodes', () => {
    const nodes = Array.from({ length: 101 }, (_, index) => ({ id: `e${index}`, type: 'exit' }));
    expect(flowDocumentSchema.safeParse({ schemaVersion: 1, nodes, edges: [] }).error?.issues[0]?.message).toBe('a flow has at most 100 nodes');
  });
});

describe('branchesOf', () => {
  const node = (raw: unknown): FlowNode => flowNodeSchema.parse(raw);

  it('gives plain steps one unlabelled branch and an exit none', () => {
    expect(branchesOf(node({ id: 'm', type: 'tag', action: 'add', tag: 'x' }))).toEqual([plainBranch]);
    expect(plainBranch).toBe('');
    expect(branchesOf(node({ id: 'e', type: 'exit' }))).toEqual([]);
  });

  it('gives each split kind its branch labels', () => {
    expect(branchesOf(node({ id: 's', type: 'split', split: { kind: 'rule', rule: { field: 'visits', operator: 'lt', value: 3 } } }))).toEqual(['yes', 'no']);
    expect(branchesOf(node({ id: 's', type: 'split', split: { kind: 'deliveryOutcome', messageNodeId: 'm' } }))).toEqual(['delivered', 'notDelivered']);
    expect(branchesOf(node({ id: 's', type: 'split', split: { kind: 'converted', windowSeconds: 86_400 } }))).toEqual(['converted', 'notConverted']);
    expect(branchesOf(abTestFlow.nodes[1] as FlowNode)).toEqual(['A', 'B', 'holdout']);
  });

  it('reads an edge without a label as the plain branch', () => {
    const [plain, labelled] = [winBackFlow.edges[0], winBackFlow.edges[3]];
    expect(plain && edgeBranch(plain)).toBe(plainBranch);
    expect(labelled && edgeBranch(labelled)).toBe('converted');
  });
});
