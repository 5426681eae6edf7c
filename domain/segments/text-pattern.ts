// How string rules match text: case-insensitively, with the marketer's text taken literally. The
// database gets a pattern string for `$regex` (with `$options: 'i'`); the evaluator gets the same match
// as a JavaScript RegExp. Both are built here so they cannot drift apart.

/** How a string rule anchors its text: the whole value, its start, or anywhere in it. */
export type TextMatch = 'exact' | 'prefix' | 'contains';

// Every character with a meaning in PCRE (MongoDB), RE2 (FerretDB) or JavaScript's `u` mode, which
// refuses needless escapes such as `\-`, so only these are escaped.
const metacharacters = /[\\^$.|?*+()[\]{}]/g;

/** The text with every regular-expression metacharacter escaped, so it matches only itself. */
export function escapeRegexText(text: string): string {
  return text.replace(metacharacters, '\\$&');
}

/**
 * The `$regex` pattern for the database. The end anchor is `\z`, not `$`: in PCRE (MongoDB) `$` also
 * matches before a final newline, so `^gold$` would match "gold\n" there but not in RE2 (FerretDB);
 * `\z` means the very end in both.
 */
export function databaseTextPattern(match: TextMatch, text: string): string {
  const escaped = escapeRegexText(text);
  if (match === 'exact') return `^${escaped}\\z`;
  return match === 'prefix' ? `^${escaped}` : escaped;
}

/**
 * The same match as a JavaScript RegExp (JavaScript has no `\z`; without the `m` flag its `$` is the very
 * end). The `u` flag makes case-insensitivity Unicode simple case folding, as RE2 and PCRE in UTF mode do.
 */
export function textRegExp(match: TextMatch, text: string): RegExp {
  const escaped = escapeRegexText(text);
  const pattern = match === 'exact' ? `^${escaped}$` : match === 'prefix' ? `^${escaped}` : escaped;
  return new RegExp(pattern, 'iu');
}
