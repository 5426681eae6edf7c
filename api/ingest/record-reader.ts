import { bytesWithoutByteOrderMark } from './record-reader-bytes.js';
import { readCsvRecords } from './record-reader-csv.js';
import { readNdjsonRecords } from './record-reader-ndjson.js';
import type { ReadItem } from './record-reader-types.js';

export { ImportFormatError, type ReadItem } from './record-reader-types.js';

/** The file formats the import endpoints read. */
export type ImportFormat = 'csv' | 'ndjson';

/** Options for readRecords. */
export interface ReadRecordsOptions {
  /** Longest line (NDJSON) or row (CSV, all its lines together) in bytes, without the line break; longer ones become error items. */
  maxLineBytes?: number;
}

/** 1 MiB: far above any real customer or order, small enough that one bad line cannot exhaust memory. */
export const defaultMaxLineBytes = 1024 * 1024;

// application/json-seq (RFC 7464) is left out: its records are framed by RS characters and may span lines.
const formatsByMediaType = new Map<string, ImportFormat>([
  ['text/csv', 'csv'],
  ['application/csv', 'csv'],
  ['application/x-ndjson', 'ndjson'],
  ['application/ndjson', 'ndjson'],
  ['application/jsonl', 'ndjson'],
  ['application/x-jsonl', 'ndjson'],
  ['application/jsonlines', 'ndjson'],
]);

/** The import format a Content-Type names (parameters such as charset ignored), or null for anything else. */
export function formatOfContentType(contentType: string | undefined): ImportFormat | null {
  const mediaType = contentType?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === undefined ? null : (formatsByMediaType.get(mediaType) ?? null);
}

/**
 * Reads an uploaded body (e.g. `ctx.req`) as records, one at a time: each `for await` step pulls only
 * as much of the source as it needs, so a file of any size is read in bounded memory and at the consumer's pace.
 * Bad lines or rows become `{ line, error }` items and reading goes on; a CSV header that cannot be used
 * makes the first step throw ImportFormatError, before any record. Stopping early closes the source.
 */
export function readRecords(source: AsyncIterable<Buffer | string>, format: ImportFormat, options: ReadRecordsOptions = {}): AsyncGenerator<ReadItem> {
  const maxLineBytes = options.maxLineBytes ?? defaultMaxLineBytes;
  if (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1) throw new RangeError(`maxLineBytes must be a positive integer, not ${maxLineBytes}`);
  const chunks = bytesWithoutByteOrderMark(source);
  return format === 'csv' ? readCsvRecords(chunks, maxLineBytes) : readNdjsonRecords(chunks, maxLineBytes);
}
