import { leafValue, unsupportedOperator } from './checked-leaf.js';
import { daysBefore } from './relative-dates.js';
import { isGroup, type CheckedGroup, type CheckedLeaf, type CheckedRule, type GroupOp } from './rule.js';
import { databaseTextPattern, type TextMatch } from './text-pattern.js';

// One checked rule tree → one MongoDB filter, inside the query subset both MongoDB 7 and FerretDB 1.24
// run alike (see ARCHITECTURE.md). evaluate-segment.ts states the same meaning in memory; the property
// test holds the two together on the real database, so change both or neither.
//
// Missing and null: `{f: {$eq: null}}` matches a field that is null or missing, `{f: {$ne: null}}` one that
// is present and not null (the same on both servers). Comparisons ($gt, $lt, $eq with a value, $regex) only
// ever match values of their own type, so a number rule skips an attribute stored as text and vice versa.

/** A MongoDB query filter. */
export type MongoFilter = Record<string, unknown>;

const groupOperators: Record<GroupOp, '$and' | '$or' | '$nor'> = { and: '$and', or: '$or', not: '$nor' };

function text(path: string, match: TextMatch, value: string): MongoFilter {
  return { [path]: { $regex: databaseTextPattern(match, value), $options: 'i' } };
}

function present(leaf: CheckedLeaf): MongoFilter {
  // A customer with an empty tag list has no tags.
  if (leaf.type === 'tags') return { [leaf.path]: { $ne: null, $not: { $size: 0 } } };
  return { [leaf.path]: { $ne: null } };
}

function absent(leaf: CheckedLeaf): MongoFilter {
  if (leaf.type === 'tags') return { $or: [{ [leaf.path]: { $eq: null } }, { [leaf.path]: { $size: 0 } }] };
  return { [leaf.path]: { $eq: null } };
}

function compileNumber(leaf: CheckedLeaf): MongoFilter {
  const { path, operator } = leaf;
  switch (operator) {
    case 'between': {
      const { from, to } = leafValue(leaf, 'numberRange');
      return { [path]: { $gte: from, $lte: to } };
    }
    case 'eq':
    case 'ne':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { [path]: { [`$${operator}`]: leafValue(leaf, 'number').value } };
    default:
      throw unsupportedOperator(leaf);
  }
}

function compileString(leaf: CheckedLeaf): MongoFilter {
  const { path, operator } = leaf;
  switch (operator) {
    case 'eq':
      return text(path, 'exact', leafValue(leaf, 'string').value);
    // "Is not" also matches customers without the field: they are not "Mumbai" either.
    case 'ne':
      return { $nor: [text(path, 'exact', leafValue(leaf, 'string').value)] };
    case 'contains':
      return text(path, 'contains', leafValue(leaf, 'string').value);
    case 'startsWith':
      return text(path, 'prefix', leafValue(leaf, 'string').value);
    case 'in':
      return { $or: leafValue(leaf, 'strings').values.map((value) => text(path, 'exact', value)) };
    case 'notIn':
      return { $nor: leafValue(leaf, 'strings').values.map((value) => text(path, 'exact', value)) };
    default:
      throw unsupportedOperator(leaf);
  }
}

function compileDate(leaf: CheckedLeaf, now: Date): MongoFilter {
  const { path, operator } = leaf;
  switch (operator) {
    case 'before':
      return { [path]: { $lt: leafValue(leaf, 'date').value } };
    case 'after':
      return { [path]: { $gt: leafValue(leaf, 'date').value } };
    case 'between': {
      const { from, to } = leafValue(leaf, 'dateRange');
      return { [path]: { $gte: from, $lte: to } };
    }
    case 'withinLastDays':
      return { [path]: { $gte: daysBefore(now, leafValue(leaf, 'days').value) } };
    // "Inactive for N days": a customer who never was active counts as inactive.
    case 'olderThanDays':
      return { $or: [{ [path]: { $lt: daysBefore(now, leafValue(leaf, 'days').value) } }, absent(leaf)] };
    case 'never':
      return absent(leaf);
    default:
      throw unsupportedOperator(leaf);
  }
}

function compileTags(leaf: CheckedLeaf): MongoFilter {
  const { path, operator } = leaf;
  // Tags compare exactly (case included), as ingestion stores them: trimmed, otherwise as sent.
  const { values } = leafValue(leaf, 'strings');
  switch (operator) {
    case 'hasAny':
      return { [path]: { $in: values } };
    case 'hasAll':
      return { [path]: { $all: values } };
    case 'hasNone':
      return { [path]: { $nin: values } };
    default:
      throw unsupportedOperator(leaf);
  }
}

function compileBoolean(leaf: CheckedLeaf): MongoFilter {
  const { path, operator } = leaf;
  if (operator !== 'eq' && operator !== 'ne') throw unsupportedOperator(leaf);
  return { [path]: { [`$${operator}`]: leafValue(leaf, 'boolean').value } };
}

function compileLeaf(leaf: CheckedLeaf, now: Date): MongoFilter {
  if (leaf.operator === 'exists') return present(leaf);
  if (leaf.operator === 'notExists') return absent(leaf);
  switch (leaf.type) {
    case 'number':
      return compileNumber(leaf);
    case 'string':
      return compileString(leaf);
    case 'date':
      return compileDate(leaf, now);
    case 'tags':
      return compileTags(leaf);
    case 'boolean':
      return compileBoolean(leaf);
  }
}

/** Compiles a checked rule tree to one MongoDB filter; relative dates count back from `now`, never the clock. */
export function compileSegment(rule: CheckedRule, now: Date): MongoFilter {
  if (isGroup<CheckedGroup>(rule)) return { [groupOperators[rule.op]]: rule.rules.map((child) => compileSegment(child, now)) };
  return compileLeaf(rule, now);
}
