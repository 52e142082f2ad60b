import { describe, expect, it } from 'vitest';
import { applyAction, newOutput, nextStatus, type Actor, type Capacity } from './domain.js';
import { ACTIONS, STATUSES, type OutputAction, type OutputStatus } from './schema.js';
import { refusalKey } from '../../../test/support/refusals.js';

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
