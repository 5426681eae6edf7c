// What a template can say about a customer. A structural mirror of the stored customer
// (db/models/customer.ts): domain code never imports db/, and a preview, a send and a test can each
// hand over whatever object has these fields.

/** The customer facts templates read. */
export interface TemplateCustomer {
  name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  totalSpend: number;
  orderCount: number;
  visits: number;
  /** A Date from the database, an ISO string from JSON. */
  lastOrderAt: Date | string | null;
  attributes: Record<string, string | number | boolean | null>;
}

/**
 * A made-up customer: previews use it when the installation has no customers yet, and SMS length
 * estimates use its values as the typical length of each variable.
 */
export const exampleCustomer: TemplateCustomer = {
  name: 'Mohit Sharma',
  email: 'mohit.sharma@example.com',
  phone: '+919876543210',
  city: 'Bengaluru',
  totalSpend: 12_450,
  orderCount: 7,
  visits: 23,
  lastOrderAt: '2025-01-15T10:30:00.000Z',
  attributes: {},
};

/** What an attribute variable is assumed to hold when estimating length (its values are unknown in advance). */
export const exampleAttributeValue = 'sample value';
