import type { Channel } from '../channels.js';

// Bounds of a message, per channel: what the channel itself accepts (an SMS vendor concatenates at
// most about ten parts, WhatsApp caps a text at 4,096 characters) and, for e-mail, a size no
// campaign needs but that keeps one template from weighing on every send.

/** Most characters a template body may have, per channel. */
export const bodyMaxLength: Readonly<Record<Channel, number>> = { sms: 1_600, whatsapp: 4_096, email: 100_000 };

/** Most characters an e-mail subject template may have. */
export const subjectMaxLength = 200;

/** Most SMS parts one message may cost (estimated); beyond one part a warning, beyond this an error. */
export const smsMaxSegments = 10;

/** Most characters either field may have at all: larger input is refused as malformed, not checked. */
export const templateHardLimit = 100_000;
