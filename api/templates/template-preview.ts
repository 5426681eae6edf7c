import { attributeKeysOf } from '../../domain/segments/field-registry.js';
import type { Model } from 'mongoose';
import type { CustomerDocument } from '../../db/models/customer.js';
import { checkTemplate, type TemplateCheck } from '../../domain/templates/check-template.js';
import type { MessageContent } from '../../domain/templates/message-content.js';
import { compileTemplate } from '../../domain/templates/render-message.js';
import type { TemplatePreview, TemplateVariables } from '../../domain/templates/template-api.js';
import { exampleCustomer, type TemplateCustomer } from '../../domain/templates/template-customer.js';
import { createVariableRegistry } from '../../domain/templates/template-variables.js';
import { notFound } from '../../http/errors/catalogue.js';
import type { Stored } from '../customers/customer-view.js';
import type { SegmentFieldSource } from '../../db/segment-fields.js';

type PreviewedCustomer = Stored<
  Pick<CustomerDocument, '_id' | 'name' | 'email' | 'phone' | 'city' | 'totalSpend' | 'orderCount' | 'visits' | 'lastOrderAt' | 'attributes'>
>;

// What a template reads, and nothing else: a preview has no business loading a customer's whole record.
const previewProjection = { name: 1, email: 1, phone: 1, city: 1, totalSpend: 1, orderCount: 1, visits: 1, lastOrderAt: 1, attributes: 1 } as const;

/** A stored customer as templates read it; fields FerretDB left out read as empty. */
export function toTemplateCustomer(row: PreviewedCustomer): TemplateCustomer {
  return {
    name: row.name ?? null,
    email: row.email ?? null,
    phone: row.phone ?? null,
    city: row.city ?? null,
    totalSpend: row.totalSpend ?? 0,
    orderCount: row.orderCount ?? 0,
    visits: row.visits ?? 0,
    lastOrderAt: row.lastOrderAt ?? null,
    attributes: row.attributes ?? {},
  };
}

/**
 * Checking and previewing messages against this installation: its attribute keys are the segment
 * builder's (declared plus discovered, one cached sampling shared with it), and a preview renders with
 * compileTemplate, the engine sends use, so the preview is the message.
 */
export function createTemplatePreview(deps: { customers: Model<CustomerDocument>; fields: SegmentFieldSource }) {
  async function attributeKeys(): Promise<string[]> {
    return attributeKeysOf(await deps.fields.registry());
  }

  /** The customer asked for (404 if unknown), else the most recently added one, else null. */
  async function customerFor(customerId: string | undefined): Promise<PreviewedCustomer | null> {
    if (customerId !== undefined) {
      const customer = await deps.customers.findById(customerId, previewProjection).lean<PreviewedCustomer>();
      if (!customer) throw notFound('No such customer.');
      return customer;
    }
    // The index on { createdAt: -1, _id: -1 } answers this without a sort in memory.
    const [latest] = await deps.customers.find({}, previewProjection).sort({ createdAt: -1, _id: -1 }).limit(1).lean<PreviewedCustomer[]>();
    return latest ?? null;
  }

  return {
    /** Every variable a template may name here: the built-ins and this installation's attributes. */
    async variables(): Promise<TemplateVariables> {
      return { variables: [...createVariableRegistry(await attributeKeys()).variables] };
    },

    /** The problems of a message, for the editor to show inline. */
    async check(content: MessageContent): Promise<TemplateCheck> {
      return checkTemplate(content, { attributeKeys: await attributeKeys() });
    },

    /** A message rendered for one customer (given, or the latest, or a made-up one), with its problems. */
    async preview(content: MessageContent, customerId?: string): Promise<TemplatePreview> {
      const [keys, stored] = await Promise.all([attributeKeys(), customerFor(customerId)]);
      const customer = stored ? toTemplateCustomer(stored) : exampleCustomer;
      const rendered = compileTemplate(content, { attributeKeys: keys })(customer);
      return {
        customer: { id: stored ? stored._id.toHexString() : null, name: customer.name, email: customer.email, phone: customer.phone, sample: !stored },
        rendered,
        problems: checkTemplate(content, { attributeKeys: keys }).problems,
      };
    },
  };
}

/** Checking and previewing message templates. */
export type TemplatePreviewService = ReturnType<typeof createTemplatePreview>;
