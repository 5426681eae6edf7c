import { checkSegmentRule } from '../segments/check-rule.js';
import type { FieldRegistry } from '../segments/field-registry.js';
import type { SegmentRule } from '../segments/rule.js';
import { checkTemplate, type TemplateProblem } from '../templates/check-template.js';
import type { AttributeKeys } from '../templates/template-variables.js';
import type { MessageContent } from '../templates/message-content.js';
import type { FlowNode, SplitNode, WaitNode } from './flow-document.js';
import type { FlowError } from './flow-errors.js';
import { ancestorsOf, isOnEveryPath } from './flow-graph.js';
import { flowPath } from './flow-issues.js';
import { nodeName, type FlowIndex, type FlowParts } from './flow-parts.js';
import { maxWaitSeconds } from './flow-wait.js';

// The rules about what nodes say, which need more than a node's own schema: the installation's fields
// and attribute keys (rules, templates), the current time (a wait until a date), and the rest of the
// graph (the message a delivery split is about).

/** What validation checks a flow against: the installation's fields and attribute keys, and the time. */
export interface FlowValidationContext {
  fieldRegistry: FieldRegistry;
  /** The attribute keys templates may name (`'any'` to accept every well-formed key). */
  attributeKeys: AttributeKeys;
  /** The instant `until` waits are compared with; now by default. */
  now?: Date;
}

interface Place {
  nodeId: string | null;
  prefix: ReadonlyArray<string | number>;
}

// Problems placed inside the text carry their line and column in the message, as messageContentSchema
// words them, for a reader who sees only the message (the API's 400).
const placedProblems = new Set<TemplateProblem['code']>(['syntax', 'unknown_variable', 'too_long']);

function templateErrors(content: MessageContent, place: Place, context: FlowValidationContext): FlowError[] {
  return checkTemplate(content, { attributeKeys: context.attributeKeys })
    .problems.filter((problem) => problem.severity === 'error')
    .map((problem) => ({
      nodeId: place.nodeId,
      path: flowPath([...place.prefix, 'content', problem.field]),
      code: 'template' as const,
      message: placedProblems.has(problem.code) ? `line ${problem.line}, column ${problem.column}: ${problem.message}` : problem.message,
    }));
}

function ruleErrors(rule: SegmentRule, place: Place, at: readonly string[], context: FlowValidationContext): FlowError[] {
  const outcome = checkSegmentRule(rule, context.fieldRegistry);
  if (outcome.ok) return [];
  const base = flowPath([...place.prefix, ...at]);
  return outcome.problems.map((problem) => ({
    nodeId: place.nodeId,
    path: problem.path === '' ? base : `${base}.${problem.path}`,
    code: 'rule' as const,
    message: problem.message,
  }));
}

function waitErrors(node: WaitNode, place: Place, now: Date): FlowError[] {
  if (node.wait.kind !== 'until') return [];
  const at = Date.parse(node.wait.at);
  const path = flowPath([...place.prefix, 'wait', 'at']);
  if (at <= now.getTime()) {
    return [{ nodeId: place.nodeId, path, code: 'wait_in_past', message: `this wait ends at ${node.wait.at}, which has already passed; pick a later time` }];
  }
  if (at - now.getTime() > maxWaitSeconds * 1000) {
    return [{ nodeId: place.nodeId, path, code: 'wait_too_long', message: `this wait ends at ${node.wait.at}, more than 90 days from now; a wait may last at most 90 days` }];
  }
  return [];
}

function outcomeSourceErrors(node: SplitNode, place: Place, index: FlowIndex): FlowError[] {
  if (node.split.kind !== 'deliveryOutcome') return [];
  const sourceId = node.split.messageNodeId;
  const source = index.byId.get(sourceId);
  const name = nodeName(source, sourceId);
  const error = (message: string): FlowError[] => [
    { nodeId: place.nodeId, path: flowPath([...place.prefix, 'split', 'messageNodeId']), code: 'outcome_source', message },
  ];
  if (!source) return error(`there is no node ${name} in this flow; name the message whose delivery decides the branch`);
  if (source.type !== 'message') return error(`${name} is ${source.type === null ? 'not a message' : `a ${source.type} node`}; a delivery split is about a message node before it`);
  if (!ancestorsOf(index.graph, node.id).includes(sourceId)) {
    return error(`${name} does not come before this split, so no one reaching it has been sent that message; pick a message on the way here`);
  }
  const [entry] = index.audiences;
  if (index.audiences.length === 1 && entry?.id && !isOnEveryPath(index.graph, entry.id, sourceId, node.id)) {
    return error(`some customers reach this split without passing ${name}; pick a message that every path to this split goes through`);
  }
  return [];
}

function nodeErrors(node: FlowNode, place: Place, index: FlowIndex, context: FlowValidationContext, now: Date): FlowError[] {
  switch (node.type) {
    case 'message':
      return templateErrors(node.content, place, context);
    case 'audience':
      return node.source.kind === 'rule' ? ruleErrors(node.source.rule, place, ['source', 'rule'], context) : [];
    case 'wait':
      return waitErrors(node, place, now);
    case 'split':
      return node.split.kind === 'rule' ? ruleErrors(node.split.rule, place, ['split', 'rule'], context) : outcomeSourceErrors(node, place, index);
    default:
      return [];
  }
}

/** Every content error of the nodes that passed their schema: templates, rules, wait dates, delivery-split sources. */
export function checkFlowNodes(parts: FlowParts, index: FlowIndex, context: FlowValidationContext): FlowError[] {
  const now = context.now ?? new Date();
  return parts.nodes.flatMap(({ node, index: nodeIndex }) => (node ? nodeErrors(node, { nodeId: node.id, prefix: ['nodes', nodeIndex] }, index, context, now) : []));
}
