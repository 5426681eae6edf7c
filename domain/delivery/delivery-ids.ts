import { z } from 'zod';

// Campaign and node ids appear inside message ids, Redis keys and counter field paths
// (`nodes.<nodeId>.sent`), so they are kept to characters that are safe in all three.
const safeId = /^[A-Za-z0-9_-]{1,64}$/;

/** A campaign id as delivery uses it. */
export const campaignIdSchema = z.string().regex(safeId, 'expected a campaign id: 1–64 letters, digits, "_" or "-"');

/** A flow node id: letters, digits, "_" and "-", at most 64 characters. */
export const nodeIdSchema = z.string().regex(safeId, 'expected a node id: 1–64 letters, digits, "_" or "-"');

/** The campaign a message id belongs to, or null for an id Drumbeat never made. */
export function campaignOfMessageId(messageId: string): string | null {
  const separator = messageId.indexOf(':');
  if (separator < 1) return null;
  const campaignId = messageId.slice(0, separator);
  return safeId.test(campaignId) && /^[0-9a-f]{24}$/.test(messageId.slice(separator + 1)) ? campaignId : null;
}
