import { CsvRowSplitter, type CsvRow } from './record-reader-csv-rows.js';
import { ImportFormatError, type ReadItem } from './record-reader-types.js';

/** Where a column's values go: `record[key]`, or `record[key][nestedKey]` for a dotted header like `attributes.city`. */
type Column = { key: string; nestedKey?: string };

/** Columns in file order; null for a column whose header cell is empty. */
type Columns = (Column | null)[];

function columnOf(name: string): Column {
  const dot = name.indexOf('.');
  // Only the first dot nests: `attributes.city` → attributes.city; `a.b.c` → a["b.c"].
  const column = dot === -1 ? { key: name } : { key: name.slice(0, dot), nestedKey: name.slice(dot + 1) };
  if (column.key === '' || column.nestedKey === '') throw new ImportFormatError(`CSV header "${name}" needs a name on both sides of the dot`);
  // Assigning `__proto__` would replace a record's prototype instead of setting a field.
  if (column.key === '__proto__' || column.nestedKey === '__proto__') throw new ImportFormatError(`CSV header "${name}" is not an allowed column name`);
  return column;
}

/** The header row as columns, or an ImportFormatError when it names a column twice or clashes. */
function columnsOf(header: CsvRow): Columns {
  if ('error' in header) throw new ImportFormatError(`the CSV header (line ${header.line}) cannot be read: ${header.error}`);
  const names = header.fields.map((field) => field.trim());
  const seen = new Map<string, number>();
  for (const [index, name] of names.entries()) {
    if (name === '') continue;
    const earlier = seen.get(name);
    if (earlier !== undefined) throw new ImportFormatError(`the CSV header names column "${name}" twice (columns ${earlier + 1} and ${index + 1})`);
    seen.set(name, index);
  }
  const columns = names.map((name) => (name === '' ? null : columnOf(name)));
  for (const column of columns) {
    if (column?.nestedKey !== undefined && seen.has(column.key)) {
      throw new ImportFormatError(`the CSV header has both "${column.key}" and "${column.key}.${column.nestedKey}"`);
    }
  }
  return columns;
}

/** The row as a record of strings; empty cells leave their key out. */
function recordOf(columns: Columns, { line, fields }: { line: number; fields: string[] }): ReadItem {
  const record: Record<string, unknown> = {};
  for (const [index, value] of fields.entries()) {
    if (value === '') continue;
    const column = columns[index];
    // Spreadsheets often leave unnamed empty columns at the right; a value there would be silently lost.
    if (!column) return { line, error: `column ${index + 1} has a value but no header name` };
    if (column.nestedKey === undefined) {
      record[column.key] = value;
      continue;
    }
    // hasOwn, not `record[key] ??=`: a key like `constructor` must not reach Object.prototype's.
    if (!Object.hasOwn(record, column.key)) record[column.key] = {};
    (record[column.key] as Record<string, string>)[column.nestedKey] = value;
  }
  return { line, record };
}

function csvItem(columns: Columns, row: CsvRow): ReadItem | null {
  if ('error' in row) return row;
  // A row of nothing but empty cells is a blank line (or a spreadsheet's ",,,"), not a record.
  if (row.fields.every((field) => field === '')) return null;
  if (row.fields.length !== columns.length) return { line: row.line, error: `row has ${row.fields.length} field${row.fields.length === 1 ? '' : 's'}, the header has ${columns.length}` };
  return recordOf(columns, row);
}

/**
 * Reads CSV: the first non-blank row names the columns, each later row becomes a record of strings.
 * Throws ImportFormatError before any record when the header itself is unusable.
 */
export async function* readCsvRecords(chunks: AsyncIterable<Buffer>, maxRowBytes: number): AsyncGenerator<ReadItem> {
  const splitter = new CsvRowSplitter(maxRowBytes);
  let columns: Columns | null = null;
  const itemOf = (row: CsvRow): ReadItem | null => {
    if (columns !== null) return csvItem(columns, row);
    if (!('error' in row) && row.fields.every((field) => field.trim() === '')) return null;
    columns = columnsOf(row);
    return null;
  };
  for await (const chunk of chunks) {
    for (const row of splitter.rows(chunk)) {
      const item = itemOf(row);
      if (item !== null) yield item;
    }
  }
  const last = splitter.end();
  const item = last === null ? null : itemOf(last);
  if (item !== null) yield item;
}
