// How many SMS a text costs. A text made only of GSM 03.38 characters goes out in the 7-bit alphabet
// (160 per message); one other character anywhere and the whole text is UCS-2 (70 per message), which
// is why one emoji in a name can double a campaign's bill. Multipart messages lose room to the
// concatenation header (153 and 67 per part), and a character is never split across two parts: an
// extension character (an escape plus the character) or a surrogate pair (an emoji) that does not fit
// moves whole to the next part, as senders and carriers do.

/** The alphabet an SMS goes out in. */
export type SmsEncoding = 'gsm7' | 'ucs2';

/** The cost of one text as an SMS. */
export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7; extension characters take two) or UTF-16 code units (UCS-2). */
  units: number;
  /** Messages the text is sent as (0 for an empty text). */
  segments: number;
  /** Units one segment holds at this length: the single-message or the multipart capacity. */
  perSegment: number;
}

/** Units per message: alone, and as one part of a longer text. */
export const smsCapacity = {
  gsm7: { single: 160, multipart: 153 },
  ucs2: { single: 70, multipart: 67 },
} as const;

const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Reachable only through the escape character, so each costs two septets.
const gsmExtension = new Set('\f^{}\\[~]|€');

/** Septets of a GSM character, or 0 when it has none in the GSM alphabet. */
function gsmWidth(char: string): number {
  if (gsmBasic.has(char)) return 1;
  return gsmExtension.has(char) ? 2 : 0;
}

/** UTF-16 units of the character starting at `index` (2 for a surrogate pair). */
function ucs2Width(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const next = text.charCodeAt(index + 1);
  return code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

/** Septets of a text in GSM-7, or null when some character is not in the GSM alphabet. */
function gsmUnits(text: string): number | null {
  let units = 0;
  for (const char of text) {
    const width = gsmWidth(char);
    if (width === 0) return null;
    units += width;
  }
  return units;
}

/** Parts a long text is cut into, characters kept whole. */
function multipartSegments(text: string, encoding: SmsEncoding): number {
  const room = smsCapacity[encoding].multipart;
  let segments = 1;
  let used = 0;
  for (let index = 0; index < text.length; ) {
    const width = encoding === 'gsm7' ? gsmWidth(text.charAt(index)) : ucs2Width(text, index);
    if (used + width > room) {
      segments += 1;
      used = 0;
    }
    used += width;
    // Every GSM character is one UTF-16 unit; a UCS-2 width is the units the character spans.
    index += encoding === 'gsm7' ? 1 : width;
  }
  return segments;
}

/** The encoding, length and number of SMS messages of a text. */
export function measureSms(text: string): SmsLength {
  const septets = gsmUnits(text);
  const encoding: SmsEncoding = septets === null ? 'ucs2' : 'gsm7';
  const units = septets ?? text.length;
  const { single, multipart } = smsCapacity[encoding];
  if (units <= single) return { encoding, units, segments: units === 0 ? 0 : 1, perSegment: single };
  return { encoding, units, segments: multipartSegments(text, encoding), perSegment: multipart };
}
