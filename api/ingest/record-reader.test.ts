import { describe, expect, it } from 'vitest';
import { formatOfContentType, ImportFormatError, readRecords, type ImportFormat, type ReadItem, type ReadRecordsOptions } from './record-reader.js';

/** A source that hands over exactly these chunks, as a request body would. */
async function* chunksOf(...chunks: (string | Buffer)[]): AsyncGenerator<Buffer | string> {
  for (const chunk of chunks) yield chunk;
}

/** The same text cut into one-byte chunks, so every boundary case (BOM, CRLF, quotes, UTF-8) is crossed. */
async function* byteByByte(text: string): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  for (let index = 0; index < bytes.length; index += 1) yield bytes.subarray(index, index + 1);
}

async function readAll(source: AsyncIterable<Buffer | string>, format: ImportFormat, options?: ReadRecordsOptions): Promise<ReadItem[]> {
  const items: ReadItem[] = [];
  for await (const item of readRecords(source, format, options)) items.push(item);
  return items;
}

describe('formatOfContentType', () => {
  it('names CSV and NDJSON media types, ignoring case and parameters, and nothing else', () => {
    expect(formatOfContentType('text/csv')).toBe('csv');
    expect(formatOfContentType('Text/CSV; charset=utf-8')).toBe('csv');
    expect(formatOfContentType('application/csv')).toBe('csv');
    expect(formatOfContentType('application/x-ndjson')).toBe('ndjson');
    expect(formatOfContentType('application/ndjson;charset=UTF-8')).toBe('ndjson');
    expect(formatOfContentType('application/jsonl')).toBe('ndjson');
    expect(formatOfContentType('application/json-seq')).toBeNull();
    expect(formatOfContentType('application/json')).toBeNull();
    expect(formatOfContentType('multipart/form-data; boundary=x')).toBeNull();
    expect(formatOfContentType('')).toBeNull();
    expect(formatOfContentType(undefined)).toBeNull();
  });
});

describe('readRecords, NDJSON', () => {
  it('reads one record per line with its line number, skipping blank lines', async () => {
    const items = await readAll(chunksOf('{"email":"a@example.com"}\n\n   \n{"email":"b@example.com","tags":["x"]}\n{"n":1}'), 'ndjson');
    expect(items).toEqual([
      { line: 1, record: { email: 'a@example.com' } },
      { line: 4, record: { email: 'b@example.com', tags: ['x'] } },
      { line: 5, record: { n: 1 } },
    ]);
  });

  it('reports a broken line in the middle with its line number and reads the lines after it', async () => {
    const items = await readAll(chunksOf('{"n":1}\n{"n":2,\n[1,2]\n42\nnull\n{"n":6}\n'), 'ndjson');
    expect(items.map((item) => item.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(items[0]).toEqual({ line: 1, record: { n: 1 } });
    expect(items[1]).toEqual({ line: 2, error: expect.stringMatching(/^line is not valid JSON: /) as unknown });
    expect(items[2]).toEqual({ line: 3, error: 'line is an array, not a JSON object' });
    expect(items[3]).toEqual({ line: 4, error: 'line is a number, not a JSON object' });
    expect(items[4]).toEqual({ line: 5, error: 'line is null, not a JSON object' });
    expect(items[5]).toEqual({ line: 6, record: { n: 6 } });
  });

  it('reads CRLF line endings and drops a leading byte order mark', async () => {
    const items = await readAll(chunksOf('\uFEFF{"n":1}\r\n\r\n{"n":2}\r\n'), 'ndjson');
    expect(items).toEqual([
      { line: 1, record: { n: 1 } },
      { line: 3, record: { n: 2 } },
    ]);
  });

  it('decodes multi-byte characters split across chunks, and a byte order mark split too', async () => {
    const bytes = Buffer.from('\uFEFF{"name":"Zoë 🥁"}\n{"city":"Łódź"}\n', 'utf8');
    // Cuts fall inside the BOM, ë (bytes 14-15), 🥁 (17-20) and ó (35-36).
    const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 15), bytes.subarray(15, 19), bytes.subarray(19, 36), bytes.subarray(36)];
    expect(await readAll(chunksOf(...chunks), 'ndjson')).toEqual([
      { line: 1, record: { name: 'Zoë 🥁' } },
      { line: 2, record: { city: 'Łódź' } },
    ]);
    expect(await readAll(byteByByte('\uFEFF{"name":"Zoë 🥁"}\r\n{"city":"Łódź"}'), 'ndjson')).toEqual([
      { line: 1, record: { name: 'Zoë 🥁' } },
      { line: 2, record: { city: 'Łódź' } },
    ]);
  });

  it('reports a line longer than the limit without holding it, and goes on with the next line', async () => {
    const giantChunks = Array.from({ length: 100 }, () => 'x'.repeat(1000));
    const items = await readAll(chunksOf('{"n":1}\n{"note":"', ...giantChunks, '"}\n{"n":3}\n'), 'ndjson', { maxLineBytes: 64 });
    expect(items).toEqual([
      { line: 1, record: { n: 1 } },
      { line: 2, error: 'line is longer than 64 bytes' },
      { line: 3, record: { n: 3 } },
    ]);
  });

  it('accepts a line of exactly the limit, also with CRLF, and refuses one byte more', async () => {
    const exact = `{"s":"${'y'.repeat(10)}"}`; // 18 bytes
    const items = await readAll(chunksOf(`${exact}\r\n${exact}\n${exact} \n`), 'ndjson', { maxLineBytes: 18 });
    expect(items).toEqual([
      { line: 1, record: { s: 'y'.repeat(10) } },
      { line: 2, record: { s: 'y'.repeat(10) } },
      { line: 3, error: 'line is longer than 18 bytes' },
    ]);
  });

  it('reports a line that is not UTF-8 and reads on', async () => {
    const latin1 = Buffer.from('{"name":"Zo\xeb"}\n', 'latin1');
    expect(await readAll(chunksOf(latin1, '{"n":2}\n'), 'ndjson')).toEqual([
      { line: 1, error: 'line is not valid UTF-8' },
      { line: 2, record: { n: 2 } },
    ]);
  });

  it('reads nothing from an empty body', async () => {
    expect(await readAll(chunksOf(), 'ndjson')).toEqual([]);
    expect(await readAll(chunksOf('', '\n\n'), 'ndjson')).toEqual([]);
  });
});

describe('readRecords, CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, numbering rows by the line they start on', async () => {
    const csv = 'email,name,notes\na@example.com,"Smith, Ann","said ""hi""\nthen left"\nb@example.com,Bob,plain\n';
    expect(await readAll(chunksOf(csv), 'csv')).toEqual([
      { line: 2, record: { email: 'a@example.com', name: 'Smith, Ann', notes: 'said "hi"\nthen left' } },
      { line: 4, record: { email: 'b@example.com', name: 'Bob', notes: 'plain' } },
    ]);
  });

  it('reads CRLF line endings and drops a leading byte order mark', async () => {
    const csv = '\uFEFFemail,name\r\na@example.com,Ann\r\n"b@example.com","Bob"\r\n';
    expect(await readAll(chunksOf(csv), 'csv')).toEqual([
      { line: 2, record: { email: 'a@example.com', name: 'Ann' } },
      { line: 3, record: { email: 'b@example.com', name: 'Bob' } },
    ]);
  });

  it('reports a row with the wrong number of fields by its line and reads its neighbours', async () => {
    const csv = 'email,name,city,tier\na@example.com,Ann,Oslo,gold\nb@example.com,Bob,Rome,gold,extra\nc@example.com,Cy,Paris,silver\nd@example.com\n';
    expect(await readAll(chunksOf(csv), 'csv')).toEqual([
      { line: 2, record: { email: 'a@example.com', name: 'Ann', city: 'Oslo', tier: 'gold' } },
      { line: 3, error: 'row has 5 fields, the header has 4' },
      { line: 4, record: { email: 'c@example.com', name: 'Cy', city: 'Paris', tier: 'silver' } },
      { line: 5, error: 'row has 1 field, the header has 4' },
    ]);
  });

  it('reports a quoted field left open at the end of the file as an error for the row it starts', async () => {
    const csv = 'email,notes\na@example.com,fine\nb@example.com,"never closed\nc@example.com,lost inside the quote\n';
    expect(await readAll(chunksOf(csv), 'csv')).toEqual([
      { line: 2, record: { email: 'a@example.com', notes: 'fine' } },
      { line: 3, error: 'a quoted field is not closed before the end of the file' },
    ]);
  });

  it('reports text after a closing quote as an error for that row only', async () => {
    const csv = 'email,name\na@example.com,"Ann"x\nb@example.com,Bob\n';
    expect(await readAll(chunksOf(csv), 'csv')).toEqual([
      { line: 2, error: 'a closing quote must be followed by a comma or a line break' },
      { line: 3, record: { email: 'b@example.com', name: 'Bob' } },
    ]);
  });

  it('nests dotted headers one level, trims header names, omits empty cells and keeps every value a string', async () => {
    const csv = ' email , attributes.city,attributes.tier ,tags,lifetimeValue,a.b.c\na@example.com,Oslo,,"vip, newsletter",12.50,deep\nb@example.com,,,,,\n';
    expect(await readAll(chunksOf(csv), 'csv')).toEqual([
      { line: 2, record: { email: 'a@example.com', attributes: { city: 'Oslo' }, tags: 'vip, newsletter', lifetimeValue: '12.50', a: { 'b.c': 'deep' } } },
      { line: 3, record: { email: 'b@example.com' } },
    ]);
  });

  it('refuses a header that names a column twice with ImportFormatError, before any record', async () => {
    const read = readRecords(chunksOf('email,name, email\na@example.com,Ann,b@example.com\n'), 'csv');
    await expect(read.next()).rejects.toThrow(new ImportFormatError('the CSV header names column "email" twice (columns 1 and 3)'));
  });

  it('refuses headers that would clash when nested or reach a prototype', async () => {
    await expect(readAll(chunksOf('attributes,attributes.city\n'), 'csv')).rejects.toThrow(ImportFormatError);
    await expect(readAll(chunksOf('email,.city\n'), 'csv')).rejects.toThrow(ImportFormatError);
    await expect(readAll(chunksOf('email,__proto__.polluted\na@example.com,yes\n'), 'csv')).rejects.toThrow(ImportFormatError);
    await expect(readAll(chunksOf('email,"unclosed\n'), 'csv')).rejects.toThrow(ImportFormatError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps `constructor` headers as plain fields of the record', async () => {
    const items = await readAll(chunksOf('constructor.name,email\nx,a@example.com\n'), 'csv');
    expect(items).toEqual([{ line: 2, record: { constructor: { name: 'x' }, email: 'a@example.com' } }]);
    expect((Object as unknown as Record<string, unknown>).name).toBe('Object');
  });

  it('skips blank lines and all-empty rows, and reads nothing from an empty file or a header alone', async () => {
    expect(await readAll(chunksOf(), 'csv')).toEqual([]);
    expect(await readAll(chunksOf('\uFEFF'), 'csv')).toEqual([]);
    expect(await readAll(chunksOf('email,name\r\n'), 'csv')).toEqual([]);
    expect(await readAll(chunksOf('\n\nemail,name\n\n,\r\na@example.com,Ann\n\n'), 'csv')).toEqual([{ line: 6, record: { email: 'a@example.com', name: 'Ann' } }]);
  });

  it('ignores an unnamed empty column but reports a value in one', async () => {
    const csv = 'email,name,\na@example.com,Ann,\nb@example.com,Bob,stray\n';
    expect(await readAll(chunksOf(csv), 'csv')).toEqual([
      { line: 2, record: { email: 'a@example.com', name: 'Ann' } },
      { line: 3, error: 'column 3 has a value but no header name' },
    ]);
  });

  it('reports a row longer than the limit, even one held open by a quote over many lines, and reads on', async () => {
    const longQuoted = `"${'line of notes\n'.repeat(1000)}"`;
    const csv = `email,notes\na@example.com,short\nb@example.com,${longQuoted}\nc@example.com,"short, too"\n`;
    expect(await readAll(chunksOf(csv), 'csv', { maxLineBytes: 100 })).toEqual([
      { line: 2, record: { email: 'a@example.com', notes: 'short' } },
      { line: 3, error: 'row is longer than 100 bytes' },
      { line: 1004, record: { email: 'c@example.com', notes: 'short, too' } },
    ]);
  });

  it('reads the same records whether the file arrives whole or one byte at a time', async () => {
    const csv = '\uFEFFemail,name,notes\r\nzoë@example.com,"Zoë ""Z"" 🥁","two\r\nlines"\r\nbad,row\r\nłódź@example.com,Łucja,"x"';
    const whole = await readAll(chunksOf(csv), 'csv');
    expect(whole).toEqual([
      { line: 2, record: { email: 'zoë@example.com', name: 'Zoë "Z" 🥁', notes: 'two\r\nlines' } },
      { line: 4, error: 'row has 2 fields, the header has 3' },
      { line: 5, record: { email: 'łódź@example.com', name: 'Łucja', notes: 'x' } },
    ]);
    expect(await readAll(byteByByte(csv), 'csv')).toEqual(whole);
  });

  it('reports a row that is not UTF-8 and reads on', async () => {
    const latin1 = Buffer.from('email,name\na@example.com,Zo\xeb\n', 'latin1');
    expect(await readAll(chunksOf(latin1, 'b@example.com,Bob\n'), 'csv')).toEqual([
      { line: 2, error: 'row is not valid UTF-8' },
      { line: 3, record: { email: 'b@example.com', name: 'Bob' } },
    ]);
  });
});

describe('readRecords, pacing and memory', () => {
  it('pulls the source only as far as the consumer has read', async () => {
    let chunksPulled = 0;
    async function* countingSource(): AsyncGenerator<string> {
      for (let chunk = 0; chunk < 1000; chunk += 1) {
        chunksPulled += 1;
        yield '{"n":1}\n{"n":2}\n{"n":3}\n';
      }
    }
    const reader = readRecords(countingSource(), 'ndjson');
    await reader.next();
    expect(chunksPulled).toBe(1);
    for (let read = 0; read < 5; read += 1) await reader.next();
    expect(chunksPulled).toBe(2);
    await reader.return(undefined);
  });

  const lineCount = 200_000;
  // About 500 bytes a line, so ~100 MB flows through: holding the records would blow far past the bound.
  const notes = 'n'.repeat(450);

  async function* generatedLines(format: ImportFormat): AsyncGenerator<string> {
    if (format === 'csv') yield 'email,notes,attributes.line\n';
    const linesPerChunk = 100;
    for (let first = 0; first < lineCount; first += linesPerChunk) {
      let chunk = '';
      for (let index = first; index < first + linesPerChunk; index += 1) {
        chunk += format === 'csv' ? `c${index}@example.com,"${notes}",${index}\n` : `{"email":"c${index}@example.com","notes":"${notes}","attributes":{"line":${index}}}\n`;
      }
      yield chunk;
    }
  }

  it.each(['ndjson', 'csv'] as const)('reads %s records from a ~100 MB stream in bounded memory', async (format) => {
    const heapBefore = process.memoryUsage().heapUsed;
    let peakGrowth = 0;
    let records = 0;
    for await (const item of readRecords(generatedLines(format), format)) {
      if ('record' in item) records += 1;
      if (records % 10_000 === 0) peakGrowth = Math.max(peakGrowth, process.memoryUsage().heapUsed - heapBefore);
    }
    expect(records).toBe(lineCount);
    expect(peakGrowth).toBeLessThan(50 * 1024 * 1024);
  });
});
