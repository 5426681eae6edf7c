import type { Channel } from '../channels.js';

// Customer data comes from integrators and, behind them, from whatever people typed into a sign-up
// form. Only the values substituted into a template are escaped, never the marketer's own text (their
// HTML is their e-mail's markup, their `*` is the bold they asked for):
// - every channel: control characters and bidirectional overrides are dropped (a name must not be able
//   to reverse the rest of a line or carry a bell); tabs become spaces;
// - e-mail bodies are HTML, so `& < > " '` become entities and a name cannot inject markup;
// - e-mail subjects are a header of plain text: no entities (they would show literally), but line
//   breaks become spaces, so a value can never start a header of its own;
// - SMS is plain text: line breaks become spaces so a value cannot reshape the message;
// - WhatsApp formats `*bold*`, `_italic_`, `~strike~` and `` `code` ``. It has no escape syntax, and
//   zero-width tricks depend on the client, so each marker in a value is replaced by a look-alike that is
//   not a marker (∗ ˍ ∼ ˋ); line breaks become spaces as in SMS.

/** Which part of a message a value goes into. */
export type MessageField = 'body' | 'subject';

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unwanted = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
// A run of line breaks, blank lines and the spaces around them: one space in all.
const lineBreaks = /[ \t]*(?:(?:\r\n|[\r\n\u2028\u2029])[ \t]*)+/g;
const htmlSpecial = /[&<>"']/g;
const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const whatsappMarkers = /[*_~`]/g;
const whatsappLookAlikes: Record<string, string> = { '*': '\u2217', _: '\u02CD', '~': '\u223C', '`': '\u02CB' };

/** A customer value made safe to substitute into a message of the channel, in the given field. */
export function escapeForChannel(value: string, channel: Channel, field: MessageField = 'body'): string {
  const clean = value.replace(unwanted, '').replaceAll('\t', ' ');
  if (channel === 'email' && field === 'body') return clean.replace(htmlSpecial, (char) => htmlEntities[char] ?? char);
  const oneLine = clean.replace(lineBreaks, ' ');
  return channel === 'whatsapp' ? oneLine.replace(whatsappMarkers, (char) => whatsappLookAlikes[char] ?? char) : oneLine;
}
