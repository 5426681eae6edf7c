import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from './closest-name.js';
import { exampleCustomer, type TemplateCustomer } from './template-customer.js';
import { builtinTemplateVariables, createVariableRegistry, formatAmount, formatDate } from './template-variables.js';

const customer: TemplateCustomer = {
  name: '  Mohit   Kumar Sharma ',
  email: 'mohit@example.com',
  phone: '+91 98765 43210',
  city: 'Pune',
  totalSpend: 1_234_567.5,
  orderCount: 12,
  visits: 0,
  lastOrderAt: new Date('2025-03-09T23:30:00.000Z'),
  attributes: { tier: 'gold', points: 1250, vip: true, empty: '  ', gone: null },
};

function valueOf(name: string, of: TemplateCustomer = customer, keys: readonly string[] | 'any' = ['tier', 'points', 'vip', 'empty', 'gone']): string | null | undefined {
  return createVariableRegistry(keys).reader(name)?.(of);
}

describe('the variable registry', () => {
  it('reads every built-in from the customer', () => {
    expect(
      Object.fromEntries(['name', 'first_name', 'last_name', 'email', 'phone', 'city', 'total_spend', 'order_count', 'visits', 'last_order_date'].map((name) => [name, valueOf(name)])),
    ).toEqual({
      name: 'Mohit   Kumar Sharma',
      first_name: 'Mohit',
      last_name: 'Sharma',
      email: 'mohit@example.com',
      phone: '+91 98765 43210',
      city: 'Pune',
      total_spend: '1,234,567.50',
      order_count: '12',
      visits: '0',
      last_order_date: '2025-03-09',
    });
  });

  it('reads null, blank and one-word names as missing where there is nothing to show', () => {
    const blank: TemplateCustomer = { ...customer, name: '   ', email: null, city: '', lastOrderAt: null };
    expect([valueOf('name', blank), valueOf('first_name', blank), valueOf('email', blank), valueOf('city', blank), valueOf('last_order_date', blank)]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(valueOf('last_name', { ...customer, name: 'Mohit' })).toBeNull();
    expect(valueOf('last_order_date', { ...customer, lastOrderAt: '2024-12-31T20:00:00-05:00' })).toBe('2025-01-01');
    expect(valueOf('last_order_date', { ...customer, lastOrderAt: 'not a date' })).toBeNull();
  });

  it('allows attribute variables only for the keys given', () => {
    expect(valueOf('attributes.tier')).toBe('gold');
    expect(valueOf('attributes.points')).toBe('1250');
    expect(valueOf('attributes.vip')).toBe('true');
    expect(valueOf('attributes.empty')).toBeNull();
    expect(valueOf('attributes.gone')).toBeNull();
    expect(createVariableRegistry(['points']).reader('attributes.tier')).toBeUndefined();
    expect(createVariableRegistry([]).variables.map((variable) => variable.name)).toEqual(builtinTemplateVariables.map((variable) => variable.name));
    expect(createVariableRegistry(['tier', 'has space', '$where']).variables.filter((variable) => variable.source === 'attribute').map((variable) => variable.name)).toEqual([
      'attributes.tier',
    ]);
  });

  it("allows any well-formed attribute when told to, and never reads an object's inherited properties", () => {
    expect(valueOf('attributes.tier', customer, 'any')).toBe('gold');
    expect(createVariableRegistry('any').reader('attributes.has space')).toBeUndefined();
    expect(valueOf('attributes.constructor', customer, 'any')).toBeNull();
    expect(valueOf('attributes.__proto__', customer, 'any')).toBeNull();
    expect(createVariableRegistry('any').reader('nope')).toBeUndefined();
  });

  it('lists every built-in with a label, a description and an example for the token picker', () => {
    expect(builtinTemplateVariables).toHaveLength(10);
    for (const variable of builtinTemplateVariables) {
      expect(variable.label, variable.name).not.toBe('');
      expect(variable.description, variable.name).not.toBe('');
      expect(variable.example, variable.name).not.toBe('');
    }
    expect(builtinTemplateVariables.find((variable) => variable.name === 'first_name')?.example).toBe('Mohit');
    expect(createVariableRegistry([]).example('total_spend')).toBe(formatAmount(exampleCustomer.totalSpend));
  });

  it('suggests the known variable a typo most likely meant, and nothing for a name far from all', () => {
    const registry = createVariableRegistry(['tier']);
    expect(registry.suggest('frist_name')).toBe('first_name');
    expect(registry.suggest('firstName')).toBe('first_name');
    expect(registry.suggest('Name')).toBe('name');
    expect(registry.suggest('attributes.teir')).toBe('attributes.tier');
    expect(registry.suggest('shoe_size')).toBeNull();
    expect(registry.suggest('ab')).toBeNull();
  });
});

describe('formatting', () => {
  it('groups amounts by thousands with up to two decimals and no currency symbol', () => {
    expect([0, 999, 1000, 12_450, 1299.5, 0.004, -2500.257, Number.NaN].map(formatAmount)).toEqual(['0', '999', '1,000', '12,450', '1,299.50', '0', '-2,500.26', null]);
  });

  it('writes dates as YYYY-MM-DD in UTC', () => {
    expect(formatDate(new Date('2025-01-15T23:59:59.999Z'))).toBe('2025-01-15');
    expect(formatDate(null)).toBeNull();
  });

  it('measures edits with adjacent swaps as one', () => {
    expect(editDistance('frist', 'first')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
    expect(closestName('citty', ['city', 'name'])).toBe('city');
  });
});
