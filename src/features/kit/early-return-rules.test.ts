import { describe, expect, it } from 'vitest';
import { refusalKey } from '../../../test/support/refusals.js';
import {
  ARE,
  booked,
  counterIds,
  kit,
  KROKOM,
  member,
  now,
  request,
  staff,
} from '../../../test/support/kit-fixtures.js';
import { earlyReturnWeeks, returnEarly } from './early-return-rules.js';
import { joinWaitingList } from './queue-rules.js';

describe('returning the kit early', () => {
  const inWeek10 = new Date('2027-03-09T10:00:00Z');

  it('lets the holder keep this week or a later one of the loan, and offers the rest to the queue', () => {
    let k = booked(kit({ rules: { ...kit().rules, maxLoanWeeks: 3 } }), request(KROKOM, '2027-W10', 3));
    k = joinWaitingList(k, member(ARE), request(ARE, '2027-W11', 2), 'e1', now).kit!;
    const loan = k.bookings[0]!;
    expect(earlyReturnWeeks(k, loan, now)).toEqual([]); // not begun: cancel or move it instead
    expect(earlyReturnWeeks(k, loan, inWeek10)).toEqual(['2027-W10', '2027-W11']);
    const returned = returnEarly(k, member(KROKOM), 'b1', '2027-W10', counterIds(), inWeek10);
    expect(returned.booking).toMatchObject({ startWeek: '2027-W10', weekCount: 1 });
    expect(returned.offers.map((o) => [o.municipalityCode, o.startWeek, o.weekCount])).toEqual([[ARE, '2027-W11', 2]]);
    // The same choice again finds the loan already ending there: nothing to write.
    expect(returnEarly(returned.kit!, member(KROKOM), 'b1', '2027-W10', counterIds(), inWeek10).kit).toBeUndefined();
  });

  it('refuses another municipality, a week before this one, and a loan at its shortest', () => {
    const k = booked(kit(), request(KROKOM, '2027-W10', 2));
    const inWeek11 = new Date('2027-03-16T10:00:00Z');
    expect(refusalKey(() => returnEarly(k, member(ARE), 'b1', '2027-W10', counterIds(), inWeek10))).toBe(
      'kit:errors.notYourBooking',
    );
    expect(refusalKey(() => returnEarly(k, member(KROKOM), 'b1', '2027-W10', counterIds(), inWeek11))).toBe(
      'kit:errors.loanStarted',
    );
    expect(earlyReturnWeeks(k, k.bookings[0]!, inWeek11)).toEqual([]);
    const atLeastTwo = kit({ rules: { ...kit().rules, minLoanWeeks: 2 } });
    expect(
      earlyReturnWeeks(atLeastTwo, booked(atLeastTwo, request(KROKOM, '2027-W10', 2)).bookings[0]!, inWeek10),
    ).toEqual([]);
    expect(returnEarly(k, staff, 'b1', '2027-W10', counterIds(), inWeek10).booking.weekCount).toBe(1);
  });
});
