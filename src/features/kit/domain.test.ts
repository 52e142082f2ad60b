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
  REGION,
  request,
  staff,
} from '../../../test/support/kit-fixtures.js';
import { cancelBooking, moveBooking, shortenBooking } from './booking-change-rules.js';
import { calendarByWeek } from './calendar-rules.js';
import { nearestAlternatives, placeBooking, WeeksTaken, type Actor, type BookingRequest } from './domain.js';
import { earlyReturnWeeks, returnEarly } from './early-return-rules.js';
import { termOverview } from './fairness-rules.js';
import { acceptOffer, declineOffer, expireOffers, joinWaitingList, queuePosition } from './queue-rules.js';
import { addWeeks, termOf, termWeeks, shiftTerm, weekOf, weeksBetween, weeksFrom } from './weeks.js';

describe('weeks and terms in Swedish time', () => {
  it('reads the week of an instant in Sweden, not in UTC', () => {
    // Sunday 28 March 2027 22:30 UTC is Monday 00:30 in Stockholm (summer time began that night).
    expect(weekOf(new Date('2027-03-28T22:30:00Z'))).toBe('2027-W13');
    expect(weekOf(new Date('2027-03-28T21:30:00Z'))).toBe('2027-W12');
    // Thursday 31 December 2026 is in week 53 of 2026; Monday 4 January 2027 starts week 1.
    expect(weekOf(new Date('2026-12-31T12:00:00Z'))).toBe('2026-W53');
    expect(weekOf(new Date('2027-01-04T12:00:00Z'))).toBe('2027-W01');
  });

  it('counts weeks across a year with 53 weeks and across DST', () => {
    expect(addWeeks('2026-W52', 2)).toBe('2027-W01');
    expect(weeksFrom('2027-W12', 3)).toEqual(['2027-W12', '2027-W13', '2027-W14']);
    expect(weeksBetween('2026-W50', '2027-W02')).toBe(5);
    expect(weeksBetween('2027-W14', '2027-W12')).toBe(-2);
  });

  it('puts a week in the term of its Thursday', () => {
    expect(termOf('2026-W53')).toBe('2026-autumn');
    expect(termOf('2027-W01')).toBe('2027-spring');
    expect(termOf('2027-W25')).toBe('2027-spring'); // Thursday 24 June
    expect(termOf('2027-W26')).toBe('2027-autumn'); // Thursday 1 July
    expect(termWeeks('2027-spring')).toEqual({ first: '2027-W01', last: '2027-W25' });
    expect(termWeeks('2026-autumn')).toEqual({ first: '2026-W27', last: '2026-W53' });
    expect(shiftTerm('2027-spring', -1)).toBe('2026-autumn');
    expect(shiftTerm('2026-autumn', 1)).toBe('2027-spring');
  });
});

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
