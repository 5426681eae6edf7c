/**
 * One item read from an import file: a record, or why the record starting on that line was skipped.
 * `line` is 1-based and counts every line of the file, so a user can find it in an editor.
 */
export type ReadItem = { line: number; record: Record<string, unknown> } | { line: number; error: string };

/** The file as a whole cannot be read (e.g. a CSV header that names a column twice): import nothing, answer 400. */
export class ImportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFormatError';
  }
}
