import { Types } from 'mongoose';
import { z } from 'zod';
import { validationFailed } from '../../http/errors/catalogue.js';

// Keyset paging. A cursor names the last row of a page by its sort key and id, so the next page starts
// strictly after it whatever was inserted or deleted meanwhile, without skipping rows (cost grows with
// depth) and without losing or repeating rows among ties (the id breaks them). It is base64url JSON:
// opaque to clients, and parsed like any other input when it comes back.

/** What a list is ordered by, descending; `nullable` keys sort their missing or null values last. */
export interface KeysetOrder<Row = unknown> {
  /** Names the order inside the cursor, so a cursor is refused by a list ordered differently. */
  name: string;
  field: string;
  kind: 'date' | 'number';
  nullable: boolean;
  /** The row's sort key; null or undefined when it has none. */
  keyOf(row: Row): Date | number | null | undefined;
}

/** The position after which the next page starts. */
export interface PagePosition {
  value: Date | number | null;
  id: Types.ObjectId;
}

const cursorSchema = z.strictObject({
  o: z.string(),
  v: z.union([z.string(), z.number(), z.null()]),
  id: z.string().regex(/^[0-9a-f]{24}$/),
});

/** The cursor that continues after `position` in `order`. */
export function encodeCursor<Row>(order: KeysetOrder<Row>, position: PagePosition): string {
  const value = position.value instanceof Date ? position.value.toISOString() : position.value;
  return Buffer.from(JSON.stringify({ o: order.name, v: value, id: position.id.toHexString() })).toString('base64url');
}

/** The position a cursor names; a 400 naming `query.cursor` when it is not a cursor of this order. */
export function decodeCursor<Row>(order: KeysetOrder<Row>, cursor: string): PagePosition {
  const refuse = () => validationFailed([{ path: 'query.cursor', message: 'not a cursor of this list; start again without cursor' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success || parsed.data.o !== order.name) throw refuse();
  const { v, id } = parsed.data;
  if (v === null) {
    if (!order.nullable) throw refuse();
    return { value: null, id: new Types.ObjectId(id) };
  }
  if (order.kind === 'number') {
    if (typeof v !== 'number') throw refuse();
    return { value: v, id: new Types.ObjectId(id) };
  }
  const date = typeof v === 'string' ? new Date(v) : null;
  if (!date || Number.isNaN(date.getTime())) throw refuse();
  return { value: date, id: new Types.ObjectId(id) };
}

/** The sort that matches `keysetAfter`: the key descending, then the id descending. */
export function keysetSort<Row>(order: KeysetOrder<Row>): Record<string, -1> {
  return { [order.field]: -1, _id: -1 };
}

/**
 * The filter for rows after `position` in `order`. Descending order puts null and missing keys last
 * (they compare lowest), so after a real key come the lower keys, the same key with lower ids, and then
 * every keyless row; after a keyless row, only keyless rows with lower ids.
 */
export function keysetAfter<Row>(order: KeysetOrder<Row>, position: PagePosition): Record<string, unknown> {
  const { field } = order;
  if (position.value === null) return { [field]: null, _id: { $lt: position.id } };
  return {
    $or: [
      { [field]: { $lt: position.value } },
      { [field]: position.value, _id: { $lt: position.id } },
      ...(order.nullable ? [{ [field]: null }] : []),
    ],
  };
}

/** The position of a row in `order`. */
export function positionOf<Row extends { _id: Types.ObjectId }>(order: KeysetOrder<Row>, row: Row): PagePosition {
  return { value: order.keyOf(row) ?? null, id: row._id };
}

/**
 * One page from rows fetched with `limit + 1`: the extra row only says whether another page exists, so
 * no count query is needed.
 */
export function pageOf<Row extends { _id: Types.ObjectId }>(
  order: KeysetOrder<Row>,
  rows: Row[],
  limit: number,
): { rows: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor(order, positionOf(order, last)) : null };
}
