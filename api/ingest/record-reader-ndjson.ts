import { decodeUtf8, withoutLastByte } from './record-reader-bytes.js';
import type { ReadItem } from './record-reader-types.js';

const LF = 0x0a;
const CR = 0x0d;

/** The bytes of one line as they arrive, kept only up to the limit so a giant line costs no memory. */
class LineBytes {
  private pieces: Buffer[] = [];
  private length = 0;
  private lastByte = -1;

  constructor(private readonly maxBytes: number) {}

  append(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.length += bytes.length;
    this.lastByte = bytes[bytes.length - 1] ?? -1;
    // One byte of slack for the CR of a CRLF line, which is not part of its content.
    if (this.length <= this.maxBytes + 1) this.pieces.push(bytes);
    else this.pieces = [];
  }

  /** The finished line without its CR, or 'too long'; resets for the next line. */
  take(): Buffer[] | 'too long' {
    const endsWithCr = this.lastByte === CR;
    const contentLength = this.length - (endsWithCr ? 1 : 0);
    let line: Buffer[] | 'too long' = this.pieces;
    if (contentLength > this.maxBytes) line = 'too long';
    else if (endsWithCr) line = withoutLastByte(this.pieces);
    this.pieces = [];
    this.length = 0;
    this.lastByte = -1;
    return line;
  }
}

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function ndjsonItem(line: number, content: Buffer[] | 'too long', maxLineBytes: number): ReadItem | null {
  if (content === 'too long') return { line, error: `line is longer than ${maxLineBytes} bytes` };
  if (content.length === 0) return null;
  const text = decodeUtf8(content);
  if (text === null) return { line, error: 'line is not valid UTF-8' };
  if (text.trim() === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: `line is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { line, error: `line is ${describeJson(value)}, not a JSON object` };
  }
  return { line, record: value as Record<string, unknown> };
}

/** Reads NDJSON: one JSON object per line; blank lines are skipped, bad or oversized lines become error items. */
export async function* readNdjsonRecords(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<ReadItem> {
  const current = new LineBytes(maxLineBytes);
  let line = 1;
  for await (const chunk of chunks) {
    // Splitting bytes on LF is safe: 0x0A never occurs inside a multi-byte UTF-8 character.
    let start = 0;
    for (let newline = chunk.indexOf(LF, start); newline !== -1; newline = chunk.indexOf(LF, start)) {
      current.append(chunk.subarray(start, newline));
      const item = ndjsonItem(line, current.take(), maxLineBytes);
      if (item !== null) yield item;
      line += 1;
      start = newline + 1;
    }
    current.append(chunk.subarray(start));
  }
  const last = ndjsonItem(line, current.take(), maxLineBytes);
  if (last !== null) yield last;
}
