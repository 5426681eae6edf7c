import type { FlowNode } from './flow-document.js';
import type { SplitSpec } from './flow-split.js';

// Which labels a node's outgoing edges carry. A split has one edge per branch, labelled with the
// branch; every other node but an exit has exactly one edge, unlabelled, which is spelled here as the
// empty label so that "the edges a node must have" is one list for every node type. This file imports
// types only, so the workflow sandbox can take it without zod.

/** The label of a plain node's single outgoing edge: none, written `''` (an absent `branch` means the same). */
export const plainBranch = '';

/** The branches of the splits whose branches are fixed by their kind. */
export const fixedSplitBranches = {
  rule: ['yes', 'no'],
  deliveryOutcome: ['delivered', 'notDelivered'],
  converted: ['converted', 'notConverted'],
} as const;

/** The labels of a split's branches, in the order the editor shows them. */
export function splitBranchLabels(split: SplitSpec): string[] {
  return split.kind === 'random' ? split.branches.map(({ label }) => label) : [...fixedSplitBranches[split.kind]];
}

/**
 * The labels a node's outgoing edges must carry, exactly one edge each: a split's branch labels,
 * `[plainBranch]` (`['']`) for audience, message, wait and tag nodes, and `[]` for an exit.
 */
export function branchesOf(node: FlowNode): string[] {
  if (node.type === 'exit') return [];
  if (node.type === 'split') return splitBranchLabels(node.split);
  return [plainBranch];
}

/** The branch an edge carries: its label, or `plainBranch` when it has none. */
export function edgeBranch(edge: { branch?: string | undefined }): string {
  return edge.branch ?? plainBranch;
}
