import { describe, expect, it } from 'vitest';
import { refusalKey } from '../../../test/support/refusals.js';
import { now, OSTERSUND, REGION, staff } from '../../../test/support/kit-fixtures.js';
import type { Output } from '../outputs/schema.js';
import { kitFromPlan, readKitForm } from './plan-to-kit.js';
import { kitSchema } from './schema.js';

describe('a kit from an approved kit plan', () => {
  const plan = {
    name: 'Makerkit',
    purpose: 'Skapande',
    targetGroups: 'Unga',
    items: [
      { name: 'Micro:bit', description: 'v2', quantity: 10, unitPrice: 250, supplier: 'Kjell' },
      { name: 'Lödkolv', description: '', quantity: 2, unitPrice: 400, supplier: 'Clas' },
    ],
    loanPeriod: 'Två veckor',
    whoMayBook: 'Alla bibliotek',
    pickupAndReturn: 'Måndagar',
    maintainedBy: 'Regionbiblioteket',
  };
  const output = (status: Output['status']): Output => ({
    id: 'output:mik:kit-plan',
    type: 'output',
    programmeId: 'p',
    groupId: 'mik',
    outputId: 'kit-plan',
    kind: 'kitPlan',
    status,
    kitPlan: plan,
    updatedAt: now.toISOString(),
    history: [],
  });
  const form = {
    name: 'Makerkit',
    copies: '2',
    homeLibrary: 'Regionbiblioteket',
    homeMunicipality: OSTERSUND,
    homeAddress: 'Rådhusgatan 25',
    minLoanWeeks: '1',
    maxLoanWeeks: '3',
    bookAheadWeeks: '20',
    maxWeeksPerTerm: '6',
    handoverDays: '1,3',
    offerHours: '24',
    count1: '12',
    count2: '2',
  };

  it('turns the plan items into contents with counts, and makes the copies', () => {
    const { draft, errors } = readKitForm(form, 2, REGION);
    expect(errors).toEqual({});
    const made = kitFromPlan(
      { programmeId: 'p', regionCodes: REGION, output: output('approved') },
      draft!,
      'maker',
      staff.person,
      now,
    );
    expect(kitSchema.parse(made)).toEqual(made);
    expect(made.contents).toEqual([
      { itemId: 'item1', name: 'Micro:bit', description: 'v2', count: 12 },
      { itemId: 'item2', name: 'Lödkolv', description: '', count: 2 },
    ]);
    expect(made.copies.map((c) => c.label)).toEqual(['Makerkit 1', 'Makerkit 2']);
    expect(made.rules).toEqual({
      minLoanWeeks: 1,
      maxLoanWeeks: 3,
      bookAheadWeeks: 20,
      maxWeeksPerTerm: 6,
      handoverDays: [1, 3],
      offerHours: 24,
    });
  });

  it('refuses a plan that is not approved, and a form with errors', () => {
    const { draft } = readKitForm(form, 2, REGION);
    const source = { programmeId: 'p', regionCodes: REGION, output: output('submitted') };
    expect(refusalKey(() => kitFromPlan(source, draft!, 'maker', staff.person, now))).toBe(
      'kit:errors.planNotApproved',
    );
    expect(
      readKitForm(
        { ...form, name: ' ', minLoanWeeks: '4', homeMunicipality: '0180', handoverDays: '', count2: '0' },
        2,
        REGION,
      ).errors,
    ).toEqual({
      name: 'required',
      maxLoanWeeks: 'minAboveMax',
      homeMunicipality: 'municipality',
      handoverDays: 'weekday',
      count2: 'number',
    });
  });
});
