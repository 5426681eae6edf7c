import { z } from 'zod';

/** The channels a message can go out on; the vendor accepts each of them. */
export const channels = ['sms', 'email', 'whatsapp'] as const;

/** A message channel. */
export const channelSchema = z.enum(channels);
export type Channel = z.infer<typeof channelSchema>;
