import type { z } from 'zod';
import { formatFieldPath } from './field-path.js';
import { isJsonObject } from './safe-keys.js';

// A request body becomes a list of records here, and each record is judged on its own: one bad row in
// 10,000 must not cost the other 9,999, and every bad row is reported with every problem it has.

/** Most records one ingestion request may carry; larger batches are refused whole with 413. */
export const maxRecordsPerRequest = 10_000;

/** What an ingestion endpoint takes. */
export type RecordKind = 'customers' | 'orders';

/** The records of a body, or why the body is refused as a whole. */
export type RecordsOfBody = { ok: true; records: unknown[] } | { ok: false; status: 400 | 413; message: string };

/** One problem with one field of a record; `path` is relative to the record ('' = the record itself). */
export type FieldError = { path: string; message: string };

/** The outcome of validating a batch: indexes are positions in the request's list of records. */
export type ValidatedRecords<T> = {
  valid: Array<{ index: number; value: T }>;
  rejected: Array<{ index: number; errors: FieldError[] }>;
};

const singular: Record<RecordKind, string> = { customers: 'customer', orders: 'order' };
const otherKind: Record<RecordKind, RecordKind> = { customers: 'orders', orders: 'customers' };

function sized(records: unknown[], kind: RecordKind): RecordsOfBody {
  if (records.length > maxRecordsPerRequest) {
    return {
      ok: false,
      status: 413,
      message: `at most ${maxRecordsPerRequest} ${kind} per request; this one has ${records.length}: split it into several requests`,
    };
  }
  return { ok: true, records };
}

/**
 * The records in a body for `kind`: one record object, an array of records, or `{ "<kind>": [...] }`.
 * Array elements are not inspected here (a non-object is rejected per record); an empty list is fine.
 * A body holding the other kind's list (`{ "orders": [...] }` sent as customers) is refused with 400.
 */
export function recordsOfBody(body: unknown, kind: RecordKind): RecordsOfBody {
  if (Array.isArray(body)) return sized(body, kind);
  const shapes = `expected a ${singular[kind]} object, an array of ${kind} or { "${kind}": [...] }`;
  if (!isJsonObject(body)) return { ok: false, status: 400, message: shapes };
  const other = otherKind[kind];
  // Checked first so `{ customers, orders }` is refused rather than half taken. Only an array counts:
  // a customer may well carry a field `orders: 5`, which is dropped like any unknown field.
  if (Array.isArray(body[other])) {
    return { ok: false, status: 400, message: `this endpoint takes ${kind}; the body has "${other}": send them to the ${other} endpoint` };
  }
  if (!Object.hasOwn(body, kind)) return { ok: true, records: [body] };
  const envelope = body[kind];
  if (!Array.isArray(envelope)) return { ok: false, status: 400, message: `"${kind}" must be an array of ${kind}` };
  return sized(envelope, kind);
}

/** Validates every record independently with `schema`; errors carry paths like `email` or `items.0.price`. */
export function validateRecords<T>(records: readonly unknown[], schema: z.ZodType<T>): ValidatedRecords<T> {
  const outcome: ValidatedRecords<T> = { valid: [], rejected: [] };
  records.forEach((record, index) => {
    const parsed = schema.safeParse(record);
    if (parsed.success) outcome.valid.push({ index, value: parsed.data });
    else {
      const errors = parsed.error.issues.map((issue) => ({ path: formatFieldPath(issue.path), message: issue.message }));
      outcome.rejected.push({ index, errors });
    }
  });
  return outcome;
}
