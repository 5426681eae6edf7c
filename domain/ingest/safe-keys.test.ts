import { describe, expect, it } from 'vitest';
import { formatFieldPath } from './field-path.js';
import { breaksRecordLimits, findUnsafeKeys, maxRecordDepth, maxRecordKeys } from './safe-keys.js';

const reported = (value: unknown) => findUnsafeKeys(value).map((problem) => `${formatFieldPath(problem.path)}: ${problem.kind}`);

describe('field paths', () => {
  it('joins keys with dots, writes indexes as numbers and quotes keys that would be ambiguous', () => {
    expect(formatFieldPath(['items', 0, 'price'])).toBe('items.0.price');
    expect(formatFieldPath(['attributes', '$where'])).toBe('attributes.$where');
    expect(formatFieldPath(['attributes', 'a.b'])).toBe('attributes["a.b"]');
    expect(formatFieldPath(['a b', 'c'])).toBe('["a b"].c');
    expect(formatFieldPath([])).toBe('');
  });
});

describe('unsafe keys', () => {
  it('finds nothing in an ordinary record', () => {
    expect(findUnsafeKeys({ email: 'a@b.co', tags: ['x'], attributes: { tier: 'gold' }, items: [{ sku: 'A1' }] })).toEqual([]);
    expect(findUnsafeKeys('not an object')).toEqual([]);
  });

  it('reports every $-key and dotted key with its path, at any depth and inside arrays', () => {
    const record = { email: { $gt: '' }, attributes: { 'a.b': 1, nested: { $where: 'sleep(1000)' } }, items: [{ sku: 'A' }, { 'price.x': 1 }] };
    expect(reported(record)).toEqual([
      'email.$gt: operator',
      'attributes["a.b"]: dotted',
      'attributes.nested.$where: operator',
      'items.1["price.x"]: dotted',
    ]);
  });

  it('refuses __proto__, constructor and NUL in keys', () => {
    const record = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {}}, "a\\u0000b": 1}') as unknown;
    expect(reported(record)).toEqual(['__proto__: reserved', 'constructor: reserved', '["a\\u0000b"]: nul']);
  });

  it(`stops at ${maxRecordDepth} levels of nesting`, () => {
    let deep: unknown = { leaf: 1 };
    for (let level = 0; level < maxRecordDepth; level += 1) deep = { down: deep };
    const problems = findUnsafeKeys(deep);
    expect(problems).toEqual([expect.objectContaining({ kind: 'too-deep', message: `nested deeper than ${maxRecordDepth} levels` })]);
    expect(breaksRecordLimits(problems)).toBe(true);

    let deepEnough: unknown = { leaf: 1 };
    for (let level = 0; level < maxRecordDepth - 1; level += 1) deepEnough = { down: deepEnough };
    expect(findUnsafeKeys(deepEnough)).toEqual([]);
  });

  it(`stops counting after ${maxRecordKeys} keys, array elements included`, () => {
    const problems = findUnsafeKeys({ list: new Array<number>(maxRecordKeys).fill(1) });
    expect(problems).toEqual([{ kind: 'too-many-keys', path: [], message: `more than ${maxRecordKeys} keys in one record` }]);
    expect(findUnsafeKeys({ list: new Array<number>(maxRecordKeys - 1).fill(1) })).toEqual([]);
  });
});
