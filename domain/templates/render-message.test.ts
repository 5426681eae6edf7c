import { describe, expect, it } from 'vitest';
import type { MessageContent } from './message-content.js';
import { compileTemplate, renderMessage } from './render-message.js';
import type { TemplateCustomer } from './template-customer.js';

const mohit: TemplateCustomer = {
  name: 'Mohit',
  email: 'mohit@example.com',
  phone: '+919876543210',
  city: null,
  totalSpend: 4_500,
  orderCount: 3,
  visits: 9,
  lastOrderAt: '2025-02-01T08:00:00.000Z',
  attributes: { tier: 'gold' },
};
const nobody: TemplateCustomer = { name: null, email: null, phone: null, city: null, totalSpend: 0, orderCount: 0, visits: 0, lastOrderAt: null, attributes: {} };
const options = { attributeKeys: ['tier'] };

describe('renderMessage', () => {
  it('renders the reference example', () => {
    const rendered = renderMessage({ channel: 'sms', body: "Hi {{name}}, here's 10% off on your next order!" }, mohit, options);
    expect(rendered).toEqual({
      body: "Hi Mohit, here's 10% off on your next order!",
      missing: [],
      sms: { encoding: 'gsm7', units: 44, segments: 1, perSegment: 160 },
    });
  });

  it('uses the fallback when a value is missing or blank, and nothing for an empty fallback', () => {
    const content: MessageContent = { channel: 'whatsapp', body: 'Hi {{ first_name | there }}{{ city | }}! Spent {{total_spend}}.' };
    expect(renderMessage(content, mohit, options).body).toBe('Hi Mohit! Spent 4,500.');
    expect(renderMessage(content, { ...nobody, name: '   ' }, options)).toEqual({ body: 'Hi there! Spent 0.', missing: [] });
  });

  it('renders a missing value without fallback as nothing and reports each such variable once', () => {
    const rendered = renderMessage({ channel: 'sms', body: '{{name}}|{{city}}|{{name}}|{{attributes.tier}}' }, nobody, options);
    expect(rendered.body).toBe('|||');
    expect(rendered.missing).toEqual(['name', 'city', 'attributes.tier']);
  });

  it('renders attributes only when declared; an undeclared one renders like a missing value', () => {
    expect(renderMessage({ channel: 'sms', body: 'Tier {{attributes.tier}}' }, mohit, options).body).toBe('Tier gold');
    const undeclared = renderMessage({ channel: 'sms', body: 'Tier {{attributes.tier | basic}} {{attributes.tier}}' }, mohit, { attributeKeys: [] });
    expect(undeclared).toMatchObject({ body: 'Tier basic ', missing: ['attributes.tier'] });
  });

  it('escapes hostile values per channel but never the template or its fallbacks', () => {
    const hostile: TemplateCustomer = { ...mohit, name: '<script>alert(1)</script> *Boss* _x_\nLine2\u0007' };
    const email = renderMessage({ channel: 'email', subject: 'For {{name}} & co', body: '<p><b>Hi {{name}}</b> {{city | <i>friend</i>}}</p>' }, hostile, options);
    expect(email.body).toBe('<p><b>Hi &lt;script&gt;alert(1)&lt;/script&gt; *Boss* _x_\nLine2</b> <i>friend</i></p>');
    expect(email.subject).toBe('For <script>alert(1)</script> *Boss* _x_ Line2 & co');
    const whatsapp = renderMessage({ channel: 'whatsapp', body: '*Hi* {{name}}' }, hostile, options);
    expect(whatsapp.body).toBe('*Hi* <script>alert(1)</script> ∗Boss∗ ˍxˍ Line2');
    const sms = renderMessage({ channel: 'sms', body: 'Hi {{name}}' }, hostile, options);
    expect(sms.body).toBe('Hi <script>alert(1)</script> *Boss* _x_ Line2');
  });

  it('measures the rendered SMS itself: a Unicode name makes the whole message UCS-2', () => {
    const rendered = renderMessage({ channel: 'sms', body: 'Namaste {{name}}!' }, { ...mohit, name: 'मोहित' }, options);
    expect(rendered.sms).toEqual({ encoding: 'ucs2', units: 14, segments: 1, perSegment: 70 });
    expect(renderMessage({ channel: 'email', subject: 's', body: 'x' }, mohit, options).sms).toBeUndefined();
  });

  it('keeps faulty syntax as the text it was', () => {
    expect(renderMessage({ channel: 'sms', body: 'Hi {{name, \\{{literal}} {{}}' }, mohit, options).body).toBe('Hi {{name, {{literal}} {{}}');
  });
});

describe('compileTemplate', () => {
  it('renders exactly what renderMessage renders, customer after customer', () => {
    const content: MessageContent = {
      channel: 'email',
      subject: '{{first_name | Hello}}, {{ total_spend }} spent',
      body: '<p>{{name}} from {{city | somewhere}}: {{attributes.tier}} since {{last_order_date}} ({{order_count}} orders, {{visits}} visits)</p>',
    };
    const render = compileTemplate(content, options);
    const customers = [mohit, nobody, { ...mohit, name: 'A & B', city: 'Delhi', attributes: {} }];
    for (const customer of customers) expect(render(customer)).toEqual(renderMessage(content, customer, options));
    expect(render(nobody).missing).toEqual(['name', 'attributes.tier', 'last_order_date']);
  });

  it('renders a hundred thousand customers quickly from one compiled template', () => {
    const render = compileTemplate({ channel: 'sms', body: 'Hi {{ first_name | there }}, {{total_spend}} spent in {{city | your city}}. Tier: {{attributes.tier | none}}' }, options);
    const started = performance.now();
    let units = 0;
    for (let index = 0; index < 100_000; index += 1) units += render({ ...mohit, name: `Customer ${index}` }).sms?.units ?? 0;
    expect(units).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
