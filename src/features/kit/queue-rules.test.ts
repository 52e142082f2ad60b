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
  OSTERSUND,
  request,
  staff,
} from '../../../test/support/kit-fixtures.js';
import { cancelBooking, moveBooking, shortenBooking } from './booking-change-rules.js';
import { placeBooking } from './domain.js';
import { acceptOffer, declineOffer, expireOffers, joinWaitingList, queuePosition } from './queue-rules.js';

describe('the waiting list', () => {
  const waitingKit = () => {
    let k = booked(kit(), request(KROKOM, '2027-W12', 2));
    k = joinWaitingList(k, member(ARE), request(ARE, '2027-W13', 2), 'e-are', now).kit!;
    k = joinWaitingList(
      k,
      member(OSTERSUND),
      request(OSTERSUND, '2027-W12'),
      'e-ost',
      new Date(now.getTime() + 1000),
    ).kit!;
    return k;
  };

  it('queues only for taken weeks, once per municipality', () => {
    const k = waitingKit();
    expect(queuePosition(k, 'e-are', now)).toBe(1);
    expect(queuePosition(k, 'e-ost', now)).toBe(2);
    expect(refusalKey(() => joinWaitingList(k, member(ARE), request(ARE, '2027-W13'), 'x', now))).toBe(
      'kit:errors.alreadyWaiting',
    );
    expect(refusalKey(() => joinWaitingList(k, member(ARE), request(ARE, '2027-W20'), 'x', now))).toBe(
      'kit:errors.weeksFree',
    );
  });

  it('offers cancelled weeks to the first in the queue whose weeks they are, then to the next', () => {
    const result = cancelBooking(waitingKit(), member(KROKOM), 'b1', counterIds(), now);
    // Åre (first) wanted 13–14 and gets the freed 13; Östersund (second) wanted 12 and gets it.
    expect(result.offers.map((o) => [o.municipalityCode, o.startWeek, o.weekCount, o.status])).toEqual([
      [ARE, '2027-W13', 1, 'offered'],
      [OSTERSUND, '2027-W12', 1, 'offered'],
    ]);
    expect(result.offers[0]!.offer).toEqual({
      entryId: 'e-are',
      offeredAt: now.toISOString(),
      expiresAt: '2027-03-03T10:00:00.000Z',
    });
    expect(result.kit!.nextOfferExpiresAt).toBe('2027-03-03T10:00:00.000Z');
    // Offered weeks are held: nobody else can book them meanwhile.
    expect(refusalKey(() => placeBooking(result.kit!, member(ARE), request(ARE, '2027-W12'), counterIds(), now))).toBe(
      'kit:errors.weeksTaken',
    );
  });

  it('confirms an accepted offer before it expires, and refuses it after', () => {
    const { kit: offered, offers } = cancelBooking(waitingKit(), member(KROKOM), 'b1', counterIds(), now);
    const accepted = acceptOffer(offered!, member(ARE), offers[0]!.bookingId, now);
    expect(accepted.booking.status).toBe('confirmed');
    expect(accepted.kit!.waitingList.find((e) => e.entryId === 'e-are')!.status).toBe('booked');
    expect(acceptOffer(accepted.kit!, member(ARE), offers[0]!.bookingId, now).kit).toBeUndefined();
    const late = new Date('2027-03-03T10:00:00Z');
    expect(refusalKey(() => acceptOffer(offered!, member(ARE), offers[0]!.bookingId, late))).toBe(
      'kit:errors.offerExpired',
    );
    expect(refusalKey(() => acceptOffer(offered!, member(KROKOM), offers[0]!.bookingId, now))).toBe(
      'kit:errors.notYourBooking',
    );
  });

  it('passes expired and declined offers to the next in the queue', () => {
    let k = booked(kit(), request(KROKOM, '2027-W12'));
    k = joinWaitingList(k, member(ARE), request(ARE, '2027-W12'), 'e1', now).kit!;
    k = joinWaitingList(k, member(OSTERSUND), request(OSTERSUND, '2027-W12'), 'e2', new Date(now.getTime() + 1)).kit!;
    k = joinWaitingList(k, member('2313'), request('2313', '2027-W12'), 'e3', new Date(now.getTime() + 2)).kit!;
    const ids = counterIds();
    const cancelled = cancelBooking(k, member(KROKOM), 'b1', ids, now);
    expect(cancelled.offers.map((o) => o.municipalityCode)).toEqual([ARE]);

    expect(expireOffers(cancelled.kit!, ids, now, staff.person).kit).toBeUndefined();
    const later = new Date('2027-03-03T10:00:00Z');
    const expired = expireOffers(cancelled.kit!, ids, later, staff.person);
    expect(expired.expired.map((b) => [b.municipalityCode, b.status])).toEqual([[ARE, 'expired']]);
    expect(expired.offers.map((o) => o.municipalityCode)).toEqual([OSTERSUND]);

    const declined = declineOffer(expired.kit!, member(OSTERSUND), expired.offers[0]!.bookingId, ids, later);
    expect(declined.offers.map((o) => o.municipalityCode)).toEqual(['2313']);
    expect(declined.kit!.waitingList.map((e) => e.status)).toEqual(['passed', 'passed', 'offered']);
  });

  it('skips an entry whose municipality would go over its weeks per term', () => {
    let k = booked(kit(), request(KROKOM, '2027-W12'));
    k = joinWaitingList(k, member(ARE), request(ARE, '2027-W12'), 'e-are', now).kit!;
    k = joinWaitingList(
      k,
      member(OSTERSUND),
      request(OSTERSUND, '2027-W12'),
      'e-ost',
      new Date(now.getTime() + 1),
    ).kit!;
    // Åre queued first, then booked its 4 weeks of the term elsewhere.
    k = booked(k, request(ARE, '2027-W14', 2), request(ARE, '2027-W17', 2));
    const result = cancelBooking(k, member(KROKOM), 'b1', counterIds(), now);
    expect(result.offers.map((o) => o.municipalityCode)).toEqual([OSTERSUND]);
  });

  it('gives weeks freed by shortening or moving a booking to the queue', () => {
    let k = booked(kit(), request(KROKOM, '2027-W12', 2));
    k = joinWaitingList(k, member(ARE), request(ARE, '2027-W13'), 'e1', now).kit!;
    const shortened = shortenBooking(
      k,
      member(KROKOM),
      'b1',
      { startWeek: '2027-W12', weekCount: 1 },
      counterIds(),
      now,
    );
    expect(shortened.booking).toMatchObject({ startWeek: '2027-W12', weekCount: 1 });
    expect(shortened.offers.map((o) => [o.municipalityCode, o.startWeek])).toEqual([[ARE, '2027-W13']]);

    const moved = moveBooking(k, staff, 'b1', { startWeek: '2027-W13', weekCount: 2 }, counterIds(), now);
    expect(moved.booking).toMatchObject({ startWeek: '2027-W13', weekCount: 2, bookingId: 'b1' });
    expect(moved.offers).toEqual([]); // week 13 is still Krokom's; week 12 nobody waits for
    expect(
      refusalKey(() =>
        moveBooking(moved.kit!, member(ARE), 'b1', { startWeek: '2027-W20', weekCount: 1 }, counterIds(), now),
      ),
    ).toBe('kit:errors.notYourBooking');
  });

  it('never gives away a week that has begun', () => {
    const k = booked(kit(), request(KROKOM, '2027-W10', 2));
    const inWeek10 = new Date('2027-03-09T10:00:00Z');
    expect(refusalKey(() => cancelBooking(k, member(KROKOM), 'b1', counterIds(), inWeek10))).toBe(
      'kit:errors.loanStarted',
    );
    expect(
      shortenBooking(k, member(KROKOM), 'b1', { startWeek: '2027-W10', weekCount: 1 }, counterIds(), inWeek10).booking
        .weekCount,
    ).toBe(1);
  });
});
