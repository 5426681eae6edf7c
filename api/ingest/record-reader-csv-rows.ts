import { decodeUtf8, withoutLastByte } from './record-reader-bytes.js';

/** One CSV row as decoded fields, or why it could not be read; `line` is where the row starts. */
export type CsvRow = { line: number; fields: string[] } | { line: number; error: string };

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const COMMA = 0x2c;

type Position = 'field start' | 'unquoted' | 'quoted' | 'quote in quoted' | 'CR after quote';

/**
 * Splits CSV bytes (RFC 4180) into rows, holding at most one row of at most `maxRowBytes` in memory.
 * Works on bytes because every structural character is ASCII and never part of a multi-byte UTF-8 character;
 * each field is decoded once complete, so characters split across chunks decode correctly.
 */
export class CsvRowSplitter {
  private position: Position = 'field start';
  private fields: string[] = [];
  /** Bytes of the field being read, as slices of the chunks they arrived in. */
  private pieces: Buffer[] = [];
  /** Set once the row is known to be bad; its bytes are then dropped, only its structure is followed. */
  private problem: string | null = null;
  private rowBytes = 0;
  private rowLine = 1;
  private line = 1;
  private previousByte = -1;

  constructor(private readonly maxRowBytes: number) {}

  /** The rows completed by this chunk. */
  *rows(chunk: Buffer): Generator<CsvRow> {
    let fieldStart = 0;
    for (let index = 0; index < chunk.length; index += 1) {
      const byte = chunk[index] as number; // index < length, so the byte exists
      this.rowBytes += 1;
      // Two bytes of slack for the CRLF that ends the row; the exact check happens when it ends.
      if (this.rowBytes > this.maxRowBytes + 2 && this.problem === null) this.fail(this.tooLong());
      if (byte === LF) this.line += 1;
      switch (this.position) {
        case 'field start':
          if (byte === QUOTE) {
            this.position = 'quoted';
            fieldStart = index + 1;
          } else if (byte === COMMA) {
            this.endField();
          } else if (byte === LF) {
            this.endField();
            yield this.endRow(true);
          } else {
            this.position = 'unquoted';
            fieldStart = index;
          }
          break;
        case 'unquoted':
          // A quote inside an unquoted field is kept as text, as spreadsheets write it.
          if (byte === COMMA || byte === LF) {
            this.keep(chunk.subarray(fieldStart, index));
            this.endField(byte === LF);
            if (byte === LF) yield this.endRow(true);
          }
          break;
        case 'quoted':
          if (byte === QUOTE) {
            this.keep(chunk.subarray(fieldStart, index));
            this.position = 'quote in quoted';
          }
          break;
        case 'quote in quoted':
          if (byte === QUOTE) {
            // A doubled quote: the field goes on and keeps this second quote as text.
            this.position = 'quoted';
            fieldStart = index;
          } else if (byte === COMMA) {
            this.endField();
          } else if (byte === CR) {
            this.position = 'CR after quote';
          } else if (byte === LF) {
            this.endField();
            yield this.endRow(true);
          } else {
            this.textAfterClosingQuote();
            fieldStart = index;
          }
          break;
        case 'CR after quote':
          if (byte === LF) {
            this.endField();
            yield this.endRow(true);
          } else {
            this.textAfterClosingQuote();
            fieldStart = index;
          }
          break;
      }
      this.previousByte = byte;
    }
    if (this.position === 'unquoted' || this.position === 'quoted') this.keep(chunk.subarray(fieldStart));
  }

  /** The last row, when the file does not end with a line break. */
  end(): CsvRow | null {
    if (this.rowBytes === 0) return null;
    if (this.position === 'quoted') {
      this.fail('a quoted field is not closed before the end of the file');
    } else {
      this.endField(true);
    }
    return this.endRow(false);
  }

  private keep(bytes: Buffer): void {
    if (bytes.length > 0 && this.problem === null) this.pieces.push(bytes);
  }

  private endField(endsLine = false): void {
    if (this.problem === null) {
      const pieces = endsLine && this.position === 'unquoted' ? withoutTrailingCr(this.pieces) : this.pieces;
      const value = decodeUtf8(pieces);
      if (value === null) this.fail('row is not valid UTF-8');
      else this.fields.push(value);
    }
    this.pieces = [];
    this.position = 'field start';
  }

  private endRow(endedByLf: boolean): CsvRow {
    const lineEndingBytes = (endedByLf ? 1 : 0) + (this.previousByte === CR ? 1 : 0);
    const row: CsvRow =
      this.problem !== null ? { line: this.rowLine, error: this.problem }
      : this.rowBytes - lineEndingBytes > this.maxRowBytes ? { line: this.rowLine, error: this.tooLong() }
      : { line: this.rowLine, fields: this.fields };
    this.fields = [];
    this.pieces = [];
    this.problem = null;
    this.rowBytes = 0;
    this.rowLine = this.line;
    this.position = 'field start';
    return row;
  }

  private textAfterClosingQuote(): void {
    if (this.problem === null) this.fail('a closing quote must be followed by a comma or a line break');
    // The rest of the field is followed as unquoted text only to find where the row ends.
    this.position = 'unquoted';
  }

  private fail(problem: string): void {
    this.problem = problem;
    this.fields = [];
    this.pieces = [];
  }

  private tooLong(): string {
    return `row is longer than ${this.maxRowBytes} bytes`;
  }
}

function withoutTrailingCr(pieces: Buffer[]): Buffer[] {
  const last = pieces.at(-1);
  return last?.[last.length - 1] === CR ? withoutLastByte(pieces) : pieces;
}
