import { describe, expect, it } from 'vitest';
import { exampleFlows, winBackFlow } from './example-flows.js';
import { branchesOf } from './flow-document.js';
import { nextNodeId, nodeById } from './flow-graph.js';
import { testContext, validFlow } from './testing/flow-factories.js';
import { validateFlow } from './validate-flow.js';

describe('example flows', () => {
  it.each(exampleFlows.map(({ id, flow }) => [id, flow] as const))('%s is valid and unchanged by validation', (_id, flow) => {
    // The built-in fields and variables only: an installation without custom attributes can use them.
    const context = testContext({ attributeKeys: [], now: new Date('2025-06-01T00:00:00Z') });
    expect(validFlow(validateFlow(flow, context))).toEqual(flow);
  });

  it('walks the win-back flow: audience → message → wait → split → message or tag → exit', () => {
    const path = ['audience'];
    for (let id: string | null = 'audience'; id !== null; ) {
      const node = nodeById(winBackFlow, id);
      id = node && branchesOf(node).length > 0 ? nextNodeId(winBackFlow, id, branchesOf(node).at(-1)) : null;
      if (id) path.push(id);
    }
    expect(path.map((id) => nodeById(winBackFlow, id)?.type)).toEqual(['audience', 'message', 'wait', 'split', 'message', 'exit']);
    expect(nodeById(winBackFlow, nextNodeId(winBackFlow, 'ordered', 'converted') ?? '')).toMatchObject({ type: 'tag', action: 'add', tag: 'won-back' });
  });
});
