import { describe, expect, it } from 'vitest';
import {
  ITEM_FIELDS,
  kitPlanTotals,
  parsePrice,
  parseQuantity,
  readKitPlan,
  type KitPlanInput,
} from './kit-plan-rules.js';

function planInput(overrides: Partial<KitPlanInput> = {}): KitPlanInput {
  const blank = Object.fromEntries(ITEM_FIELDS.map((field) => [field, ''])) as KitPlanInput['items'][number];
  return {
    name: 'MIK-lådan',
    purpose: 'Låna ut verktyg för källkritik.',
    targetGroups: '10–15 år',
    loanPeriod: '4 veckor',
    whoMayBook: 'Folk- och skolbibliotek i länet',
    pickupAndReturn: 'Med transporten',
    maintainedBy: 'Regionbiblioteket',
    items: [
      { ...blank, name: 'Surfplatta', quantity: '6', unitPrice: '3 490', supplier: 'Inköpscentralen' },
      { ...blank },
      { ...blank, name: 'Green screen', quantity: '1', unitPrice: '899,50' },
    ],
    ...overrides,
  };
}

describe('the kit plan', () => {
  it('accepts a complete plan, ignoring empty rows, and totals it exactly', () => {
    const { plan, errors } = readKitPlan(planInput(), 'submit');
    expect(errors).toEqual({});
    expect(plan.items.map((item) => [item.name, item.quantity, item.unitPrice])).toEqual([
      ['Surfplatta', 6, 3490],
      ['Green screen', 1, 899.5],
    ]);
    expect(kitPlanTotals(plan)).toEqual({ lines: [20940, 899.5], total: 21839.5, unpriced: 0 });
    expect(
      kitPlanTotals({
        items: [
          { name: 'a', description: '', supplier: '', quantity: 3, unitPrice: 0.1 },
          { name: 'b', description: '', supplier: '', quantity: 1, unitPrice: 0.2 },
        ],
      }).total,
    ).toBe(0.5);
  });

  it.each([
    ['1', 1],
    ['12', 12],
    [' 1 000 ', 1000],
    ['0', undefined],
    ['-2', undefined],
    ['1.5', undefined],
    ['1,5', undefined],
    ['tio', undefined],
    ['', undefined],
    ['100001', undefined],
  ])('reads the quantity %j as %j', (text, value) => expect(parseQuantity(text)).toBe(value));

  it.each([
    ['0', 0],
    ['99,50', 99.5],
    ['99.5', 99.5],
    ['1 250', 1250],
    ['1\u00a0250 kr', 1250],
    ['3490 SEK', 3490],
    ['-5', undefined],
    ['12,345', undefined],
    ['1.2.3', undefined],
    ['gratis', undefined],
    ['', undefined],
  ])('reads the price %j as %j', (text, value) => expect(parsePrice(text)).toBe(value));

  it('puts each error next to its field, counting rows as the form shows them', () => {
    const input = planInput();
    input.items[0] = { ...input.items[0]!, quantity: '0' };
    input.items[2] = { ...input.items[2]!, unitPrice: '-10' };
    input.items.push({ name: '', description: 'Något utan namn', quantity: '2', unitPrice: 'x', supplier: '' });
    const { errors } = readKitPlan(input, 'save');
    expect(errors).toEqual({
      'items.0.quantity': 'quantity',
      'items.2.unitPrice': 'price',
      'items.3.name': 'required',
      'items.3.unitPrice': 'price',
    });
  });

  it('lets a draft be incomplete but needs a name; a submitted plan needs everything', () => {
    const sparse = planInput({
      purpose: '',
      maintainedBy: ' ',
      items: [{ name: 'Surfplatta', description: '', quantity: '', unitPrice: '', supplier: '' }],
    });
    expect(readKitPlan(sparse, 'save').errors).toEqual({});
    expect(kitPlanTotals(readKitPlan(sparse, 'save').plan)).toMatchObject({ total: 0, unpriced: 1 });
    expect(readKitPlan({ ...sparse, name: '' }, 'save').errors).toEqual({ name: 'required' });
    expect(readKitPlan(sparse, 'submit').errors).toEqual({
      purpose: 'required',
      maintainedBy: 'required',
      'items.0.quantity': 'required',
      'items.0.unitPrice': 'required',
    });
    expect(readKitPlan(planInput({ items: [] }), 'submit').errors).toEqual({ items: 'itemsRequired' });
  });
});
