import { z } from 'zod';
import { formatFieldPath } from './field-path.js';
import { breaksRecordLimits, findUnsafeKeys, isJsonObject } from './safe-keys.js';

// What every ingested record goes through before its own fields are validated: the unsafe-key walk,
// null read as "not sent", aliases resolved, and "at least one of these" rules. Written as a zod
// preprocess so the record schemas stay ordinary zod (the OpenAPI document shows their fields).

/** Each field name mapped to the other names integrators send it under, in order of preference. */
export type FieldAliases = Readonly<Record<string, readonly string[]>>;

/** At least one of `anyOf` must be sent; otherwise `message` is reported at `path`. */
export type RequiredOneOf = { anyOf: readonly string[]; path: string; message: string };

/** How a record's fields are gathered before validation. */
export type RecordRules = { aliases: FieldAliases; requireOneOf: readonly RequiredOneOf[] };

/** A copy of an object without its null fields (others untouched): integrators send null for "no value". */
export function withoutNullFields(value: unknown): unknown {
  if (!isJsonObject(value)) return value;
  // fromEntries defines properties, so a "__proto__" key stays a key instead of becoming the prototype.
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null));
}

/** The same object without its undefined fields, so a consumer can `$set` exactly what was sent. */
export function withoutUndefinedFields<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

// Of a field and its aliases only the first one sent is kept, so the main name wins, an ignored alias
// cannot fail the record, and errors name the field the integrator actually wrote.
function keepFirstSentNames(record: Record<string, unknown>, aliases: FieldAliases): Record<string, unknown> {
  const kept = { ...record };
  for (const [field, others] of Object.entries(aliases)) {
    const names = [field, ...others];
    const sent = names.find((name) => kept[name] !== undefined);
    for (const name of names) if (name !== sent) delete kept[name];
  }
  return kept;
}

/** A record schema: the unsafe-key walk and `rules` first, then `fields`; all problems are reported together. */
export function ingestRecordSchema<Output>(fields: z.ZodType<Output>, rules: RecordRules) {
  return z.preprocess((raw: unknown, ctx) => {
    const reportedPaths = new Set<string>();
    const report = (path: readonly PropertyKey[], message: string) => {
      reportedPaths.add(formatFieldPath(path));
      ctx.addIssue({ code: 'custom', path: [...path], message });
    };

    const keyProblems = findUnsafeKeys(raw);
    for (const problem of keyProblems) report(problem.path, problem.message);
    if (breaksRecordLimits(keyProblems) || !isJsonObject(raw)) return raw;

    const record = keepFirstSentNames(withoutNullFields(raw) as Record<string, unknown>, rules.aliases);
    const missing = rules.requireOneOf.filter((rule) => rule.anyOf.every((name) => record[name] === undefined));
    for (const rule of missing) report([rule.path], rule.message);

    // Any issue raised here stops zod before `fields` runs; run it now so its errors are reported too,
    // except a second opinion on a path already reported (a refused key is also a bad attribute name).
    if (reportedPaths.size > 0) {
      const result = fields.safeParse(record);
      for (const issue of result.error?.issues ?? []) {
        if (!reportedPaths.has(formatFieldPath(issue.path))) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }
    }
    return record;
  }, fields);
}
