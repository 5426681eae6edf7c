import { createLocator } from './text-position.js';

// The template language, small on purpose so marketers cannot get it wrong in ways we cannot explain:
//
//   {{ name }}                  the customer's name
//   {{ first_name | there }}    the first name, or "there" when the customer has none
//   {{ city | }}                the city, or nothing (an empty fallback is a deliberate "nothing")
//   \{{                         a literal "{{" (the backslash is dropped); no other backslash is special
//
// Whitespace inside the braces is ignored. A fallback is the text after the first `|`, trimmed, and is
// the marketer's own words (never escaped). A variable stays on one line: a `{{` whose `}}` does not
// come before the end of the line (or before another `{{`) is reported as unclosed, which points the
// editor at the brace the marketer forgot rather than swallowing the paragraph after it. A `}}`
// without an opening `{{` is plain text. Problems do not stop the parse: the faulty part is kept as
// text, so a preview still shows something close to what was meant.

/** Literal text of a template. */
export interface TextSegment {
  kind: 'text';
  text: string;
}

/** A `{{ variable | fallback }}`; offsets are 0-based into the source (`end` exclusive), line and column 1-based. */
export interface VariableSegment {
  kind: 'variable';
  name: string;
  /** Null without a `|`; '' for `{{ city | }}`, which renders nothing when the value is missing. */
  fallback: string | null;
  start: number;
  end: number;
  line: number;
  column: number;
}

export type TemplateSegment = TextSegment | VariableSegment;

/** Something that is not valid template syntax, with where it is. */
export interface SyntaxProblem {
  message: string;
  start: number;
  end: number;
  line: number;
  column: number;
}

/** A template as segments, plus every syntax problem found (the segments are usable either way). */
export interface ParsedTemplate {
  segments: TemplateSegment[];
  problems: SyntaxProblem[];
}

/** Longest variable name accepted: `attributes.` plus the longest attribute key, with room to spare. */
export const maxVariableNameLength = 100;
// Dotted paths (`attributes.tier`) are syntax; whether a path names a known variable is the registry's business.
const variableNamePattern = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+)*$/;

// Names echoed back in messages are cut short, so a huge tag is not a huge answer.
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/** The offset of the `}}` closing a tag opened at `open`, or -1 when a line break, another `{{` or the end comes first. */
function closingOf(source: string, open: number): number {
  for (let index = open + 2; index < source.length - 1; index += 1) {
    const char = source[index];
    if (char === '\n') return -1;
    if (char === '}' && source[index + 1] === '}') return index;
    if (char === '{' && source[index + 1] === '{') return -1;
  }
  return -1;
}

/** Splits a template into text and variables, reporting every syntax problem with its position. */
export function parseTemplate(source: string): ParsedTemplate {
  const locate = createLocator(source);
  const segments: TemplateSegment[] = [];
  const problems: SyntaxProblem[] = [];
  let text = '';
  let index = 0;

  const problem = (message: string, start: number, end: number): void => {
    problems.push({ message, start, end, ...locate(start) });
  };

  while (index < source.length) {
    const open = source.indexOf('{{', index);
    if (open === -1) {
      text += source.slice(index);
      break;
    }
    if (open > index && source[open - 1] === '\\') {
      text += `${source.slice(index, open - 1)}{{`;
      index = open + 2;
      continue;
    }
    text += source.slice(index, open);
    const close = closingOf(source, open);
    if (close === -1) {
      problem('"{{" is not closed: end the variable with "}}" on the same line (write \\{{ for a literal "{{")', open, open + 2);
      text += '{{';
      index = open + 2;
      continue;
    }
    const end = close + 2;
    const inner = source.slice(open + 2, close);
    const pipe = inner.indexOf('|');
    const name = (pipe === -1 ? inner : inner.slice(0, pipe)).trim();
    if (name === '') {
      problem('a variable needs a name, e.g. {{first_name}}', open, end);
      text += source.slice(open, end);
    } else if (name.length > maxVariableNameLength || !variableNamePattern.test(name)) {
      problem(`${quoted(name)} is not a variable name: use letters, digits and "_", e.g. {{first_name}} or {{attributes.tier}}`, open, end);
      text += source.slice(open, end);
    } else {
      if (text !== '') segments.push({ kind: 'text', text });
      text = '';
      segments.push({ kind: 'variable', name, fallback: pipe === -1 ? null : inner.slice(pipe + 1).trim(), start: open, end, ...locate(open) });
    }
    index = end;
  }
  if (text !== '') segments.push({ kind: 'text', text });
  return { segments, problems };
}
