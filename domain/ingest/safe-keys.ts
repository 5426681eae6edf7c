import type { PathSegment } from './field-path.js';

// Ingested records end up as MongoDB documents and update paths. A key starting with `$` is an operator
// (`{"$gt": ""}` turns an equality into a match-all), a `.` makes one key address a nested field, a NUL
// cannot be stored at all, and `__proto__`/`constructor` are how prototype pollution rides in through
// object merges. None of these has a legitimate use in a customer or an order, so they are refused
// wherever they appear, even under keys we would otherwise drop. The walk itself is bounded (depth and
// key count) so a hostile record costs little to refuse.

/** Deepest nesting a record may have; the record itself is level 1, an order's item is level 3. */
export const maxRecordDepth = 8;

/** Most keys one record may hold, nested ones included; an array element counts as a key (its index). */
export const maxRecordKeys = 10_000;

/** Why a key (or the whole record) is refused. */
export type KeyProblemKind = 'operator' | 'dotted' | 'nul' | 'reserved' | 'too-deep' | 'too-many-keys';

/** One refused key, or a limit the record breaks; `path` ends with the offending key. */
export type KeyProblem = { kind: KeyProblemKind; path: PathSegment[]; message: string };

type KeyNameProblem = Exclude<KeyProblemKind, 'too-deep' | 'too-many-keys'>;

const reservedKeys = new Set(['__proto__', 'constructor']);

const keyMessages: Record<KeyNameProblem, string> = {
  operator: 'keys may not start with "$"',
  dotted: 'keys may not contain "."',
  nul: 'keys may not contain a NUL character',
  reserved: 'keys may not be "__proto__" or "constructor"',
};

function keyProblemKind(key: string): KeyNameProblem | undefined {
  if (key.startsWith('$')) return 'operator';
  if (key.includes('.')) return 'dotted';
  if (key.includes('\u0000')) return 'nul';
  if (reservedKeys.has(key)) return 'reserved';
  return undefined;
}

/** True for what JSON.parse makes of `{...}`: a non-null, non-array object. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Lazily, so a huge array or object is never copied just to be counted and refused.
function* childrenOf(node: object): Generator<[PathSegment, unknown]> {
  if (Array.isArray(node)) {
    const items: readonly unknown[] = node;
    for (let index = 0; index < items.length; index += 1) yield [index, items[index]];
    return;
  }
  for (const key in node) {
    if (Object.hasOwn(node, key)) yield [key, (node as Record<string, unknown>)[key]];
  }
}

/**
 * Every unsafe key in a JSON value, with its path. When a limit is broken the walk stops there and the
 * limit is reported instead of (or after) the keys found so far: the record is refused either way.
 */
export function findUnsafeKeys(value: unknown): KeyProblem[] {
  const problems: KeyProblem[] = [];
  let keysSeen = 0;

  // Returns false once the key limit is reached, to stop the whole walk.
  const walk = (node: unknown, path: PathSegment[], level: number): boolean => {
    if (typeof node !== 'object' || node === null) return true;
    if (level > maxRecordDepth) {
      problems.push({ kind: 'too-deep', path, message: `nested deeper than ${maxRecordDepth} levels` });
      return true;
    }
    for (const [key, child] of childrenOf(node)) {
      keysSeen += 1;
      if (keysSeen > maxRecordKeys) {
        problems.push({ kind: 'too-many-keys', path: [], message: `more than ${maxRecordKeys} keys in one record` });
        return false;
      }
      const kind = typeof key === 'string' ? keyProblemKind(key) : undefined;
      if (kind !== undefined) problems.push({ kind, path: [...path, key], message: keyMessages[kind] });
      if (!walk(child, [...path, key], level + 1)) return false;
    }
    return true;
  };

  walk(value, [], 1);
  return problems;
}

/** True when the problems include a broken limit, i.e. the record is too big to be worth validating further. */
export function breaksRecordLimits(problems: readonly KeyProblem[]): boolean {
  return problems.some((problem) => problem.kind === 'too-deep' || problem.kind === 'too-many-keys');
}
