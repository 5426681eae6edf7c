const byteOrderMark = Buffer.from([0xef, 0xbb, 0xbf]);

/** The upload as Buffers, without the UTF-8 byte order mark that Excel and Notepad put at the start. */
export async function* bytesWithoutByteOrderMark(source: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  // The mark may arrive split over the first chunks, so the opening bytes wait until three have been seen.
  let opening: Buffer | null = Buffer.alloc(0);
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (opening === null) {
      if (bytes.length > 0) yield bytes;
      continue;
    }
    const start: Buffer = opening.length === 0 ? bytes : Buffer.concat([opening, bytes]);
    if (start.length < byteOrderMark.length && byteOrderMark.subarray(0, start.length).equals(start)) {
      opening = start;
      continue;
    }
    opening = null;
    const rest = start.subarray(0, byteOrderMark.length).equals(byteOrderMark) ? start.subarray(byteOrderMark.length) : start;
    if (rest.length > 0) yield rest;
  }
  if (opening !== null && opening.length > 0) yield opening;
}

// Fatal, so a file saved as Latin-1 is reported line by line instead of being imported as U+FFFD garbage.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes the complete bytes of one line or field, or null when they are not valid UTF-8. */
export function decodeUtf8(pieces: readonly Buffer[]): string | null {
  try {
    return strictUtf8.decode(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces));
  } catch {
    return null;
  }
}

/** The pieces of a line or field without its last byte (a CR before the LF). */
export function withoutLastByte(pieces: readonly Buffer[]): Buffer[] {
  const last = pieces.at(-1);
  if (last === undefined) return [];
  return last.length > 1 ? [...pieces.slice(0, -1), last.subarray(0, -1)] : pieces.slice(0, -1);
}
