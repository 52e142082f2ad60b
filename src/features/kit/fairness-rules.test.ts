import { describe, expect, it } from 'vitest';
import { ARE, booked, kit, KROKOM, REGION, request } from '../../../test/support/kit-fixtures.js';
import { termOverview } from './fairness-rules.js';

describe('fairness per term', () => {
  it('shows which municipalities have had the kit, have it booked, or neither (those first)', () => {
    const k = booked(kit(), request(KROKOM, '2027-W10'), request(ARE, '2027-W12', 2), request(ARE, '2027-W30'));
    const inWeek11 = new Date('2027-03-16T10:00:00Z');
    const overview = termOverview(k, '2027-spring', inWeek11);
    expect(overview.rows.slice(-2)).toEqual([
      { municipalityCode: ARE, weeksBooked: 2, weeksHad: 0, waiting: 0, state: 'booked' },
      { municipalityCode: KROKOM, weeksBooked: 1, weeksHad: 1, waiting: 0, state: 'had' },
    ]);
    expect(overview.rows[0]!.state).toBe('none');
    expect(overview.notYetHad).toHaveLength(7);
    expect(overview.withoutBooking).toEqual(REGION.filter((code) => code !== KROKOM && code !== ARE));
  });
});
