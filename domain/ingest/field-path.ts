// One spelling of "where in a record" for every error Drumbeat reports about ingested data, so the
// unsafe-key check and the zod issues read the same way to an integrator.
//
// Convention: segments joined with '.', array indexes as plain numbers (`items.0.price`). A key that is
// not made only of letters, digits, `_`, `$` or `-` is written as a JSON string in brackets, so a key
// holding a dot cannot be mistaken for nesting: `attributes["a.b"]` is one key, `attributes.a.b` two.

/** One step into a record: an object key or an array index. */
export type PathSegment = string | number;

const bareKey = /^[A-Za-z0-9_$-]+$/;

/** Renders a path as `items.0.price`, quoting keys that would be ambiguous: `attributes["a.b"]`; '' is the record itself. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let rendered = '';
  for (const segment of path) {
    const key = typeof segment === 'symbol' ? String(segment) : segment;
    if (typeof key === 'number' || bareKey.test(key)) {
      rendered += rendered === '' ? String(key) : `.${key}`;
    } else {
      rendered += `[${JSON.stringify(key)}]`;
    }
  }
  return rendered;
}
