import { describe, expect, it } from 'vitest';
import { daysLeft, dueReminder } from './reminder-rules.js';

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
