import { z } from 'zod';
import {
  attributesRecord,
  cappedString,
  email,
  externalIdentifier,
  flexibleDate,
  moneyAmount,
  tagList,
  wholeCount,
} from './fields.js';
import { ingestRecordSchema, withoutUndefinedFields } from './record-guard.js';

// A customer as an integrator sends it, normalised. Unknown top-level keys are dropped silently: exports
// from other systems carry dozens of fields we do not keep, and refusing them would refuse real data.
//
// `id` is deliberately not read as `externalId`: records fetched from Drumbeat and posted back carry our own
// `id`, and another system's `id` may be anything; guessing would create a second customer for the same
// person. A record with only `id` is refused with "send externalId or email", which says what to do.

/** A customer, normalised; upserted by `customerIdentityKey`. Absent fields leave stored values as they are. */
export type CustomerInput = {
  externalId?: string;
  email?: string;
  name?: string;
  phone?: string;
  city?: string;
  tags?: string[];
  attributes?: Record<string, string | number | boolean | null>;
  spend?: number;
  visits?: number;
  lastActive?: Date;
  signedUpAt?: Date;
};

const customerFields = z
  .object({
    externalId: externalIdentifier.optional(),
    email: email.optional(),
    name: cappedString(200).optional(),
    phone: cappedString(32).optional(),
    city: cappedString(100).optional(),
    tags: tagList.optional(),
    attributes: attributesRecord.optional(),
    spend: moneyAmount.optional(),
    totalSpend: moneyAmount.optional().meta({ description: 'Alias of spend.' }),
    visits: wholeCount(0).optional(),
    lastActive: flexibleDate.optional(),
    lastActiveAt: flexibleDate.optional().meta({ description: 'Alias of lastActive.' }),
    lastOrderDate: flexibleDate.optional().meta({ description: 'Alias of lastActive.' }),
    signedUpAt: flexibleDate.optional(),
    createdAt: flexibleDate.optional().meta({ description: 'Alias of signedUpAt.' }),
  })
  .transform(({ totalSpend, lastActiveAt, lastOrderDate, createdAt, ...named }): CustomerInput => {
    return withoutUndefinedFields({
      ...named,
      spend: named.spend ?? totalSpend,
      lastActive: named.lastActive ?? lastActiveAt ?? lastOrderDate,
      signedUpAt: named.signedUpAt ?? createdAt,
    });
  });

/** A customer record as integrators send it → `CustomerInput`; refuses `$`/`.` keys anywhere and a record without identity. */
export const customerInputSchema = ingestRecordSchema(customerFields, {
  aliases: { spend: ['totalSpend'], lastActive: ['lastActiveAt', 'lastOrderDate'], signedUpAt: ['createdAt'] },
  requireOneOf: [{ anyOf: ['externalId', 'email'], path: 'externalId', message: 'send externalId or email' }],
});

/** The key a customer is upserted by: `ext:<externalId>` when sent, else `email:<email>`. */
export function customerIdentityKey(input: CustomerInput): string {
  if (input.externalId !== undefined) return `ext:${input.externalId}`;
  if (input.email !== undefined) return `email:${input.email}`;
  throw new Error('a customer without externalId or email passed validation');
}
