import type { Types } from 'mongoose';
import { findByIds } from '../../db/find-by-ids.js';
import type { CustomerDocument } from '../../db/models/customer.js';
import type { Models } from '../../db/models.js';
import type { Recipient } from '../../delivery/send-batch.js';

const recipientFields = { name: 1, email: 1, phone: 1, city: 1, totalSpend: 1, orderCount: 1, visits: 1, lastOrderAt: 1, attributes: 1 } as const;

/**
 * The customers of a chunk as templates read them, in the chunk's own order: a retry that resumes at
 * "round 3" must mean the same customers as the attempt it resumes (reads by id come back in any order).
 * A stored customer may lack empty fields (FerretDB drops them), so each is filled in; a member deleted
 * since the snapshot is left out.
 */
export async function loadRecipients(models: Pick<Models, 'customers'>, members: Types.ObjectId[]): Promise<Recipient[]> {
  const found = await findByIds<Partial<CustomerDocument> & { _id: Types.ObjectId }>(models.customers as never, members, recipientFields);
  const byId = new Map(found.map((customer) => [customer._id.toHexString(), customer]));
  const customers = members.flatMap((member) => byId.get(member.toHexString()) ?? []);
  return customers.map((customer) => ({
    _id: customer._id,
    name: customer.name ?? null,
    email: customer.email ?? null,
    phone: customer.phone ?? null,
    city: customer.city ?? null,
    totalSpend: customer.totalSpend ?? 0,
    orderCount: customer.orderCount ?? 0,
    visits: customer.visits ?? 0,
    lastOrderAt: customer.lastOrderAt ?? null,
    attributes: customer.attributes ?? {},
  }));
}
