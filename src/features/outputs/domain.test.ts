import { describe, expect, it } from 'vitest';
import { applyAction, newOutput, nextStatus, type Actor, type Capacity } from './domain.js';
import {
  ITEM_FIELDS,
  kitPlanTotals,
  parsePrice,
  parseQuantity,
  readKitPlan,
  type KitPlanInput,
} from './kit-plan-rules.js';
import { daysLeft, dueReminder } from './reminder-rules.js';
import { currentRunningOrder, moveSlot, retime, slotTimes } from './running-order-rules.js';
import { formatLength, isAllowedVideoLink, isShortEnough, parseLength, readVideoLink } from './video-rules.js';
import { ACTIONS, STATUSES, type OutputAction, type OutputStatus } from './schema.js';
import { refusalKey, refusalOf } from '../../../test/support/refusals.js';
import type { Programme } from '../programmes/schema.js';

const now = new Date('2027-08-20T08:00:00Z');
const names = { group: 'MIK & ungas medievärldar', programme: 'Fokusgrupper digitalt först 2027' };
const anna = { id: 'anna', name: 'Anna Medlem' };
const sara = { id: 'sara', name: 'Sara Regional' };
const member: Actor = { person: anna, capacities: ['member'], ...names };
const reviewer: Actor = { person: sara, capacities: ['reviewer'], ...names };

describe('status transitions', () => {
  /**
   * The whole table: for each capacity, what each action does from each status. A status means the action is
   * allowed and leads there; otherwise the refusal that says why not.
   */
  const expected: Record<'member' | 'reviewer' | 'nobody', Record<OutputAction, Record<OutputStatus, string>>> = {
    member: {
      save: {
        notStarted: 'draft',
        draft: 'draft',
        submitted: 'awaitingReview',
        returned: 'draft',
        approved: 'alreadyApproved',
      },
      submit: {
        notStarted: 'submitted',
        draft: 'submitted',
        submitted: 'awaitingReview',
        returned: 'submitted',
        approved: 'alreadyApproved',
      },
      approve: {
        notStarted: 'reviewersOnly',
        draft: 'reviewersOnly',
        submitted: 'reviewersOnly',
        returned: 'reviewersOnly',
        approved: 'reviewersOnly',
      },
      return: {
        notStarted: 'reviewersOnly',
        draft: 'reviewersOnly',
        submitted: 'reviewersOnly',
        returned: 'reviewersOnly',
        approved: 'reviewersOnly',
      },
      reopen: {
        notStarted: 'reviewersOnly',
        draft: 'reviewersOnly',
        submitted: 'reviewersOnly',
        returned: 'reviewersOnly',
        approved: 'reviewersOnly',
      },
    },
    reviewer: {
      save: {
        notStarted: 'membersOnly',
        draft: 'membersOnly',
        submitted: 'membersOnly',
        returned: 'membersOnly',
        approved: 'membersOnly',
      },
      submit: {
        notStarted: 'membersOnly',
        draft: 'membersOnly',
        submitted: 'membersOnly',
        returned: 'membersOnly',
        approved: 'membersOnly',
      },
      approve: {
        notStarted: 'notSubmitted',
        draft: 'notSubmitted',
        submitted: 'approved',
        returned: 'notSubmitted',
        approved: 'alreadyApproved',
      },
      return: {
        notStarted: 'notSubmitted',
        draft: 'notSubmitted',
        submitted: 'returned',
        returned: 'notSubmitted',
        approved: 'alreadyApproved',
      },
      reopen: {
        notStarted: 'notApproved',
        draft: 'notApproved',
        submitted: 'notApproved',
        returned: 'notApproved',
        approved: 'returned',
      },
    },
    nobody: Object.fromEntries(
      ACTIONS.map((action) => [
        action,
        Object.fromEntries(
          STATUSES.map((status) => [status, ['save', 'submit'].includes(action) ? 'membersOnly' : 'reviewersOnly']),
        ),
      ]),
    ) as Record<OutputAction, Record<OutputStatus, string>>,
  };
  const rows = (Object.keys(expected) as (keyof typeof expected)[]).flatMap((who) =>
    ACTIONS.flatMap((action) =>
      STATUSES.map((status) => [who, action, status, expected[who][action][status]] as const),
    ),
  );

  it.each(rows)('%s: %s from %s → %s', (who, action, status, outcome) => {
    const capacities: Capacity[] = who === 'nobody' ? [] : [who];
    const run = () => nextStatus(status, action, capacities, names);
    if ((STATUSES as readonly string[]).includes(outcome)) expect(run()).toBe(outcome);
    else expect(refusalKey(run)).toBe(`outputs:errors.${outcome}`);
  });

  it('lets someone who is both member and reviewer do both, but never edit an approved output', () => {
    const both: Capacity[] = ['member', 'reviewer'];
    expect(nextStatus('returned', 'submit', both, names)).toBe('submitted');
    expect(nextStatus('submitted', 'approve', both, names)).toBe('approved');
    expect(refusalKey(() => nextStatus('approved', 'save', both, names))).toBe('outputs:errors.alreadyApproved');
  });

  it("records who did what, when, and the reviewer's comment", () => {
    const base = newOutput(
      'p',
      { id: 'mik', name: names.group, description: '', outputs: [] },
      { id: 'kitPlan-1', kind: 'kitPlan', title: 'Plan', dueDate: '2027-09-01' },
      now,
    );
    const draft = applyAction(base, 'save', member, now);
    const submitted = applyAction(draft, 'submit', member, new Date('2027-08-21T10:00:00Z'));
    expect(submitted).toMatchObject({
      status: 'submitted',
      submittedBy: anna,
      submittedAt: '2027-08-21T10:00:00.000Z',
    });
    expect(refusalKey(() => applyAction(submitted, 'return', reviewer, now, { comment: '  ' }))).toBe(
      'outputs:errors.commentRequired',
    );
    const returned = applyAction(submitted, 'return', reviewer, now, { comment: 'Lägg till priser.' });
    expect(returned).toMatchObject({ status: 'returned', reviewComment: 'Lägg till priser.', reviewedBy: sara });
    const approved = applyAction(applyAction(returned, 'submit', member, now), 'approve', reviewer, now);
    expect(approved.status).toBe('approved');
    expect(approved.reviewComment).toBeUndefined();
    expect(approved.history.map((entry) => `${entry.action}:${entry.from}→${entry.to}`)).toEqual([
      'save:notStarted→draft',
      'submit:draft→submitted',
      'return:submitted→returned',
      'submit:returned→submitted',
      'approve:submitted→approved',
    ]);
    expect(applyAction(approved, 'reopen', reviewer, now, { comment: 'En sak till.' }).status).toBe('returned');
  });
});

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

describe('video length and links', () => {
  it.each([
    [175.128, '2:55', true],
    [190, '3:10', true],
    [190.4, '3:10', true],
    [190.6, '3:11', false],
    [210.128, '3:30', false],
    [3723, '1:02:03', false],
  ])('%d seconds reads %s and is short enough: %s', (seconds, label, ok) => {
    expect(formatLength(seconds)).toBe(label);
    expect(isShortEnough(seconds)).toBe(ok);
  });

  it.each([
    ['2:55', 175],
    ['02:55', 175],
    ['3.05', 185],
    ['175', 175],
    ['1:02:03', 3723],
    ['2:75', undefined],
    ['tre minuter', undefined],
    ['0:00', undefined],
    ['', undefined],
  ])('reads the stated length %j as %j', (text, seconds) => expect(parseLength(text)).toBe(seconds));

  it.each([
    ['https://regionjh.sharepoint.com/:v:/s/fokus/EaBc', true],
    ['https://web.microsoftstream.com/video/123', true],
    ['https://www.youtube.com/watch?v=abc', true],
    ['https://youtu.be/abc', true],
    ['https://vimeo.com/123', true],
    ['http://www.youtube.com/watch?v=abc', false],
    ['https://youtube.com.evil.example/watch', false],
    ['https://notyoutube.com/watch', false],
    ['javascript:alert(1)', false],
    ['min video', false],
  ])('allows %s as a video link: %s', (url, ok) => expect(isAllowedVideoLink(url)).toBe(ok));

  it('refuses a stated length over the limit with that length', () => {
    expect(readVideoLink('https://youtu.be/abc', '2:55')).toEqual({
      url: 'https://youtu.be/abc',
      durationSeconds: 175,
    });
    expect(refusalOf(() => readVideoLink('https://youtu.be/abc', '3:30'))).toEqual({
      key: 'outputs:errors.tooLong',
      values: { length: '3:30' },
    });
    expect(refusalKey(() => readVideoLink('https://example.com/v.mp4', '2:00'))).toBe('outputs:errors.badVideoLink');
    expect(refusalKey(() => readVideoLink('https://youtu.be/abc', 'snart'))).toBe('outputs:errors.badLength');
  });
});

describe('reminders before the due date', () => {
  const due = '2027-09-01';
  const at = (iso: string) => new Date(iso);
  it.each([
    ['2027-08-18T06:59:00Z', 'notStarted', undefined], // 08:59 Swedish time, 14 days before
    ['2027-08-18T07:00:00Z', 'notStarted', 14],
    ['2027-08-25T12:00:00Z', 'draft', 14],
    ['2027-08-29T07:00:00Z', 'returned', 3],
    ['2027-08-31T20:00:00Z', 'notStarted', 3], // the bot was down on both reminder days: only the latest is sent
    ['2027-09-01T21:59:00Z', 'draft', 3], // the due date itself, 23:59 in Stockholm
    ['2027-09-01T22:00:00Z', 'draft', undefined], // past the due date
    ['2027-08-30T07:00:00Z', 'submitted', undefined],
    ['2027-08-30T07:00:00Z', 'approved', undefined],
  ] as const)('at %s with status %s the due reminder is %s', (now, status, days) => {
    expect(dueReminder(due, status, [14, 3], at(now))).toBe(days);
  });

  it('counts whole days left in Swedish time', () => {
    expect(daysLeft(due, at('2027-08-18T07:00:00Z'))).toBe(14);
    expect(daysLeft(due, at('2027-08-31T22:30:00Z'))).toBe(0); // already 1 September in Stockholm
    expect(daysLeft(due, at('2027-09-02T10:00:00Z'))).toBe(-1);
  });
});

describe('the running order', () => {
  const programme = {
    programmeId: 'p',
    groups: [
      { id: 'mik', name: 'MIK', description: '', outputs: [] },
      { id: 'digital', name: 'Digital', description: '', outputs: [] },
      { id: 'las', name: 'Läsfrämjande', description: '', outputs: [] },
    ],
  } as unknown as Programme;

  it('follows the programme, moves slots, and times them from the start', () => {
    let order = currentRunningOrder(programme, undefined, sara, now);
    expect(order.slots.map((s) => s.groupId)).toEqual(['mik', 'digital', 'las']);
    order = moveSlot(moveSlot(order, 'las', 'up'), 'mik', 'up');
    expect(order.slots.map((s) => s.groupId)).toEqual(['mik', 'las', 'digital']);
    order = retime(order, '9:30', { mik: '25', digital: '15' });
    expect(slotTimes(order)).toEqual([
      { groupId: 'mik', start: '09:30', end: '09:55' },
      { groupId: 'las', start: '09:55', end: '10:15' },
      { groupId: 'digital', start: '10:15', end: '10:30' },
    ]);
    const withoutLas = { ...programme, groups: programme.groups.filter((g) => g.id !== 'las') } as Programme;
    expect(currentRunningOrder(withoutLas, order, sara, now).slots.map((s) => s.groupId)).toEqual(['mik', 'digital']);
  });

  it('refuses a start time or minutes that make no sense', () => {
    const order = currentRunningOrder(programme, undefined, sara, now);
    expect(refusalKey(() => retime(order, '25:00', {}))).toBe('outputs:errors.badStartTime');
    expect(refusalKey(() => retime(order, '09:00', { mik: '0' }))).toBe('outputs:errors.badMinutes');
    expect(refusalKey(() => retime(order, '09:00', { mik: 'en halvtimme' }))).toBe('outputs:errors.badMinutes');
  });
});
