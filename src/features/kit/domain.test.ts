import { describe, expect, it } from 'vitest';
import { refusalKey, refusalOf } from '../../../test/support/refusals.js';
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
  staff,
} from '../../../test/support/kit-fixtures.js';
import { nearestAlternatives, placeBooking, WeeksTaken, type Actor, type BookingRequest } from './domain.js';

describe('booking against the rules', () => {
  it('books the first free copy and confirms it', () => {
    const twoCopies = kit({
      copies: [
        {
          copyId: '1',
          label: 'Makerkit 1',
          homeLibrary: { name: 'Regionbiblioteket', municipalityCode: OSTERSUND, address: '' },
        },
        {
          copyId: '2',
          label: 'Makerkit 2',
          homeLibrary: { name: 'Regionbiblioteket', municipalityCode: OSTERSUND, address: '' },
        },
      ],
    });
    const first = booked(twoCopies, request(KROKOM, '2027-W12', 2));
    const { booking } = placeBooking(first, member(ARE), request(ARE, '2027-W13'), counterIds(), now);
    expect(booking).toMatchObject({ copyId: '2', status: 'confirmed', municipalityCode: ARE, weekCount: 1 });
  });

  it('refuses what the rules do not allow, and says why', () => {
    const k = kit();
    const ids = counterIds();
    const key = (actor: Actor, r: BookingRequest) => refusalKey(() => placeBooking(k, actor, r, ids, now));
    expect(key(member(KROKOM), request(ARE, '2027-W12'))).toBe('kit:errors.ownMunicipalityOnly');
    expect(key(staff, request('0180', '2027-W12'))).toBe('kit:errors.notInRegion');
    expect(key(staff, request(ARE, '2027-W12', 1, { copyId: '9' }))).toBe('kit:errors.unknownCopy');
    expect(key(staff, request(ARE, '2027-W53'))).toBe('kit:errors.badWeek');
    expect(key(member(ARE), request(ARE, '2027-W12', 3))).toBe('kit:errors.loanLength');
    expect(refusalOf(() => placeBooking(k, member(ARE), request(ARE, '2027-W09'), ids, now))).toEqual({
      key: 'kit:errors.tooSoon',
      values: { week: 10 },
    });
    expect(key(member(ARE), request(ARE, '2027-W36'))).toBe('kit:errors.tooFarAhead');
    expect(key(member(ARE), request(ARE, '2027-W35'))).toBeUndefined();
  });

  it('keeps each municipality within its weeks per term, whoever books, across terms separately', () => {
    const k = booked(kit(), request(ARE, '2027-W12', 2), request(ARE, '2027-W16', 2));
    expect(refusalOf(() => placeBooking(k, staff, request(ARE, '2027-W20'), counterIds(), now))).toEqual({
      key: 'kit:errors.termLimit',
      values: { max: 4, used: 4 },
    });
    // Week 26 is autumn: a new term, a new allowance.
    expect(placeBooking(k, member(ARE), request(ARE, '2027-W26', 2), counterIds(), now).booking.status).toBe(
      'confirmed',
    );
  });

  it('refuses taken weeks with the nearest alternatives: the nearest start first, the earlier of two, the longest loan that fits', () => {
    const k = booked(kit(), request(KROKOM, '2027-W13'), request(OSTERSUND, '2027-W15'));
    const refusal = (() => {
      try {
        placeBooking(k, member(ARE), request(ARE, '2027-W12', 2), counterIds(), now);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(WeeksTaken);
    expect((refusal as WeeksTaken).key).toBe('kit:errors.weeksTaken');
    expect((refusal as WeeksTaken).alternatives).toEqual([
      { copyId: '1', startWeek: '2027-W12', weekCount: 1 },
      { copyId: '1', startWeek: '2027-W11', weekCount: 2 },
      { copyId: '1', startWeek: '2027-W10', weekCount: 2 },
    ]);
  });

  it('offers only alternatives that keep to the rules', () => {
    const full = booked(kit(), request(ARE, '2027-W12', 2), request(ARE, '2027-W16', 1), request(KROKOM, '2027-W20'));
    // Åre has 3 of its 4 weeks: only one-week alternatives fit.
    const alternatives = nearestAlternatives(full, member(ARE), request(ARE, '2027-W20', 2), now);
    expect(alternatives.every((a) => a.weekCount === 1)).toBe(true);
    expect(alternatives[0]).toEqual({ copyId: '1', startWeek: '2027-W19', weekCount: 1 });
  });

  it('finds its own booking again when a press is redelivered with the same booking id', () => {
    const first = placeBooking(
      kit(),
      member(ARE),
      request(ARE, '2027-W12', 1, { bookingId: 'act-1' }),
      counterIds(),
      now,
    );
    const again = placeBooking(
      first.kit!,
      member(ARE),
      request(ARE, '2027-W12', 1, { bookingId: 'act-1' }),
      counterIds(),
      now,
    );
    expect(again.kit).toBeUndefined();
    expect(again.booking.bookingId).toBe('act-1');
  });
});
