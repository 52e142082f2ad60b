import { describe, expect, it } from 'vitest';
import { refusalKey, refusalOf } from '../../../test/support/refusals.js';
import type { Output } from '../outputs/schema.js';
import {
  acceptOffer,
  calendarByWeek,
  cancelBooking,
  checkSummary,
  copyConditions,
  declineOffer,
  DEFAULT_RULES,
  dueHandoverNotices,
  expireOffers,
  handoverChain,
  handoverNotices,
  holderOn,
  joinWaitingList,
  kitFromPlan,
  moveBooking,
  nearestAlternatives,
  nextHandover,
  placeBooking,
  queuePosition,
  readContentCheck,
  readKitForm,
  recordReceipt,
  shortenBooking,
  termOverview,
  WeeksTaken,
  type Actor,
  type BookingRequest,
  type NewIds,
} from './domain.js';
import { kitSchema, type Kit } from './schema.js';
import { addWeeks, termOf, termWeeks, shiftTerm, weekOf, weeksBetween, weeksFrom } from './weeks.js';

// Monday 1 March 2027, week 9: the earliest bookable week is 10.
const now = new Date('2027-03-01T10:00:00Z');
const REGION = ['2303', '2305', '2309', '2313', '2321', '2326', '2361', '2380'];
const OSTERSUND = '2380';
const KROKOM = '2309';
const ARE = '2321';

const staff: Actor = { person: { id: 'staff', name: 'Regina Region' }, isStaff: true };
const member = (municipalityCode: string, id = `m-${municipalityCode}`): Actor => ({
  person: { id, name: `Bibliotekarie ${municipalityCode}` },
  municipalityCode,
  isStaff: false,
});

/** Ids for offers made by a change: o1, o2, … (bookings made by `booked` are b1, b2, … in the kit's order). */
function counterIds(): NewIds {
  let n = 0;
  return () => ({ bookingId: `o${++n}`, calendarToken: `t${n}` });
}

function kit(overrides: Partial<Kit> = {}): Kit {
  return kitSchema.parse({
    id: 'kit:maker',
    type: 'kit',
    programmeId: 'p',
    kitId: 'maker',
    name: 'Makerkit',
    source: { groupId: 'mik', outputId: 'kit-plan' },
    contents: [
      { itemId: 'item1', name: 'Micro:bit', count: 10 },
      { itemId: 'item2', name: 'Lödkolv', count: 2 },
    ],
    copies: [
      { copyId: '1', label: 'Makerkit', homeLibrary: { name: 'Regionbiblioteket', municipalityCode: OSTERSUND } },
    ],
    rules: DEFAULT_RULES,
    administrators: [staff.person],
    regionCodes: REGION,
    createdBy: staff.person,
    createdAt: now.toISOString(),
    updatedBy: staff.person,
    updatedAt: now.toISOString(),
    ...overrides,
  });
}

function request(municipalityCode: string, startWeek: string, weekCount = 1, extra: Partial<BookingRequest> = {}) {
  return { municipalityCode, libraryName: `Bibliotek ${municipalityCode}`, startWeek, weekCount, ...extra };
}

/** Books in turn and returns the kit after all of them; fails the test if one is refused. */
function booked(start: Kit, ...requests: BookingRequest[]): Kit {
  return requests.reduce((current, r) => {
    const ids = () => ({ bookingId: `b${current.bookings.length + 1}`, calendarToken: 't' });
    return placeBooking(current, member(r.municipalityCode), r, ids, now).kit!;
  }, start);
}

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

describe('the handover chain', () => {
  // Krokom weeks 12–13, Åre week 14 (straight after), Östersund week 17 (after a gap).
  const chainKit = () =>
    booked(
      kit({ rules: { ...DEFAULT_RULES, handoverDays: [2, 4] } }),
      request(KROKOM, '2027-W12', 2),
      request(ARE, '2027-W14'),
      request(OSTERSUND, '2027-W17'),
    );

  it('passes the copy straight on when the next loan follows, and home when there is a gap', () => {
    const legs = handoverChain(chainKit(), '1');
    expect(
      legs.map((leg) => [
        leg.legId,
        leg.from.kind === 'home' ? 'home' : leg.from.booking.municipalityCode,
        leg.to.kind === 'home' ? 'home' : leg.to.booking.municipalityCode,
        leg.date,
      ]),
    ).toEqual([
      ['to:b1', 'home', KROKOM, '2027-03-23'], // Tuesday of week 12
      ['to:b2', KROKOM, ARE, '2027-04-06'],
      ['home:b2', ARE, 'home', '2027-04-13'],
      ['to:b3', 'home', OSTERSUND, '2027-04-27'],
      ['home:b3', OSTERSUND, 'home', '2027-05-04'],
    ]);
  });

  it('knows who holds the copy and who is next', () => {
    const k = chainKit();
    expect(holderOn(k, '1', '2027-03-22')).toMatchObject({ kind: 'home' });
    const holder = holderOn(k, '1', '2027-03-30');
    expect(holder?.kind === 'loan' && holder.booking.municipalityCode).toBe(KROKOM);
    expect(nextHandover(k, '1', '2027-03-30')?.legId).toBe('to:b2');
  });

  it('tells both sides at 09:00 Swedish time three days before, once per key', () => {
    const notices = handoverNotices(chainKit()).filter((n) => n.leg.legId === 'to:b2');
    // Handover Tuesday 6 April (summer time, UTC+2): told Saturday 3 April 09:00 = 07:00 UTC.
    expect(notices.map((n) => [n.kind, n.at])).toEqual([
      ['handOn', '2027-04-03T07:00:00.000Z'],
      ['onItsWay', '2027-04-03T07:00:00.000Z'],
    ]);
    expect(notices[0]!.key).toBe('kit-handover:p:maker:to:b2:handOn');
    // Before summer time: Tuesday 23 March → Saturday 20 March 09:00 = 08:00 UTC.
    expect(handoverNotices(chainKit())[0]!.at).toBe('2027-03-20T08:00:00.000Z');
    const due = dueHandoverNotices(chainKit(), new Date('2027-04-03T07:00:00Z'));
    expect(due.map((n) => n.leg.legId)).toEqual(['to:b2', 'to:b2']);
  });
});

describe('the content check when a copy arrives', () => {
  it('reads missing and broken counts, and refuses impossible ones', () => {
    const { contents } = kit();
    expect(readContentCheck(contents, { missing1: '2', broken2: '1' })).toEqual({
      items: [
        { itemId: 'item1', missing: 2, broken: 0 },
        { itemId: 'item2', missing: 0, broken: 1 },
      ],
      errors: {},
    });
    expect(readContentCheck(contents, { missing1: '11', missing2: '2', broken2: '1' }).errors).toEqual({
      missing1: 'count',
      broken2: 'tooMany',
    });
    expect(readContentCheck(contents, { missing1: 'två' }).errors).toEqual({ missing1: 'count' });
  });

  it('summarises what is missing or broken, per copy from its latest receipt', () => {
    const k = booked(kit(), request(KROKOM, '2027-W12'));
    const items = [
      { itemId: 'item1', missing: 1, broken: 0 },
      { itemId: 'item2', missing: 0, broken: 2 },
    ];
    expect(checkSummary(k.contents, items)).toEqual({
      complete: false,
      missing: [{ itemId: 'item1', name: 'Micro:bit', count: 1 }],
      broken: [{ itemId: 'item2', name: 'Lödkolv', count: 2 }],
    });
    const receipt = recordReceipt(k, member(KROKOM), 'to:b1', { items, note: 'Kabel saknas' }, now);
    expect(receipt).toMatchObject({ id: 'receipt:maker:to:b1', copyId: '1', municipalityCode: KROKOM });
    expect(refusalKey(() => recordReceipt(k, member(ARE), 'to:b1', { items, note: '' }, now))).toBe(
      'kit:errors.notYourHandover',
    );
    expect(refusalKey(() => recordReceipt(k, member(KROKOM), 'to:nope', { items, note: '' }, now))).toBe(
      'kit:errors.unknownHandover',
    );
    expect(copyConditions(k, [receipt])[0]!.summary.complete).toBe(false);
  });
});

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
