import { describe, expect, it } from 'vitest';
import {
  ARE,
  booked,
  counterIds,
  kit,
  KROKOM,
  member,
  now,
  OSTERSUND,
  request,
} from '../../../test/support/kit-fixtures.js';
import { cancelBooking } from './booking-change-rules.js';
import { calendarByWeek } from './calendar-rules.js';
import { joinWaitingList } from './queue-rules.js';

describe('the calendar by week', () => {
  it('shows each week free, booked by a municipality, mine, or held for an offer', () => {
    let k = booked(kit(), request(KROKOM, '2027-W11'), request(ARE, '2027-W12'));
    k = joinWaitingList(k, member(OSTERSUND), request(OSTERSUND, '2027-W11'), 'e1', now).kit!;
    k = cancelBooking(k, member(KROKOM), 'b1', counterIds(), now).kit!;
    const weeks = calendarByWeek(k, '2027-W10', 3, ARE);
    expect(weeks.map((w) => [w.week, w.copies[0]!.state, w.copies[0]!.municipalityCode, w.freeCopies])).toEqual([
      ['2027-W10', 'free', undefined, 1],
      ['2027-W11', 'offered', OSTERSUND, 0],
      ['2027-W12', 'mine', ARE, 0],
    ]);
  });
});
