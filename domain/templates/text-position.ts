// Editors place problems by line and column; the parser and the checks think in offsets. Columns count
// UTF-16 code units, as browsers' text fields and editors do, so an offset maps onto the editor's caret.

/** A place in a text: 1-based line and column. */
export interface TextPosition {
  line: number;
  column: number;
}

/** A function from a 0-based offset in `source` to its 1-based line and column (line breaks at `\n`). */
export function createLocator(source: string): (offset: number) => TextPosition {
  // Line starts are found lazily: a template without problems and variables never pays for them.
  let lineStarts: number[] | undefined;
  return (offset) => {
    lineStarts ??= findLineStarts(source);
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
}

function findLineStarts(source: string): number[] {
  const starts = [0];
  for (let index = source.indexOf('\n'); index !== -1; index = source.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}
