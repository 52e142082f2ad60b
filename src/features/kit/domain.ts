import { Refusal } from '../../platform/refusal.js';
import type { Person } from '../programmes/schema.js';
import type { Booking, BookingRules, IsoWeek, Kit, KitCopy, TermId, WaitingEntry } from './schema.js';
import { addWeeks, isValidIsoWeek, termOf, termWeeks, weekNumber, weekOf, weeksBetween, weeksFrom } from './weeks.js';

/*
 * The kit's rules, pure: every change to a kit is a function from the kit as read to the kit to write, or a
 * Refusal (nothing is written). store.ts applies them under the document's ETag, so a rule checked here holds
 * for the written result even with several bot instances booking at the same moment.
 */

export const DEFAULT_RULES: BookingRules = {
  minLoanWeeks: 1,
  maxLoanWeeks: 2,
  bookAheadWeeks: 26,
  maxWeeksPerTerm: 4,
  handoverDays: [1],
  offerHours: 48,
};

/** Who acts: a member books for their own municipality; regional staff may act for any. */
export type Actor = { person: Person; municipalityCode?: string; isStaff: boolean };

/** Fresh ids for a booking made inside a change (a change may run again after a conflict, so ids come from outside). */
export type NewIds = () => { bookingId: string; calendarToken: string };

/* ------------------------------------------------------------------------------------------------------------
 * Bookings and weeks
 * ------------------------------------------------------------------------------------------------------------ */

/** Confirmed bookings and open offers hold their weeks; cancelled, declined and expired ones are history. */
export function holdsWeeks(booking: Booking): boolean {
  return booking.status === 'confirmed' || booking.status === 'offered';
}

export function weeksOf(booking: Pick<Booking, 'startWeek' | 'weekCount'>): IsoWeek[] {
  return weeksFrom(booking.startWeek, booking.weekCount);
}

export function lastWeekOf(booking: Pick<Booking, 'startWeek' | 'weekCount'>): IsoWeek {
  return addWeeks(booking.startWeek, booking.weekCount - 1);
}

/** The booking holding a copy in a week, if any. */
export function holderOfWeek(kit: Kit, copyId: string, week: IsoWeek, except?: string): Booking | undefined {
  return kit.bookings.find(
    (booking) =>
      booking.copyId === copyId &&
      booking.bookingId !== except &&
      holdsWeeks(booking) &&
      booking.startWeek <= week &&
      week <= lastWeekOf(booking),
  );
}

export function isCopyFree(kit: Kit, copyId: string, weeks: readonly IsoWeek[], except?: string): boolean {
  return weeks.every((week) => !holderOfWeek(kit, copyId, week, except));
}

/** Weeks a municipality holds the kit in a term, all copies together (a week with two copies counts twice). */
export function weeksInTerm(kit: Kit, municipalityCode: string, term: TermId, except?: string): number {
  return kit.bookings
    .filter((b) => b.municipalityCode === municipalityCode && b.bookingId !== except && holdsWeeks(b))
    .flatMap(weeksOf)
    .filter((week) => termOf(week) === term).length;
}

/** The kit travels between libraries, so a loan can start the week after this one at the earliest. */
export function earliestStartWeek(now: Date): IsoWeek {
  return addWeeks(weekOf(now), 1);
}

export function latestStartWeek(kit: Kit, now: Date): IsoWeek {
  return addWeeks(weekOf(now), kit.rules.bookAheadWeeks);
}

export type BookingRequest = {
  municipalityCode: string;
  libraryName: string;
  startWeek: IsoWeek;
  weekCount: number;
  /** Undefined: any copy, the first free one in the kit's order. */
  copyId?: string;
  /** Told about handovers; the booker when not given. */
  contact?: Person;
  /**
   * An id derived from the Teams activity: a press redelivered after a lost answer then finds the booking it made
   * instead of being refused because its own booking holds the weeks.
   */
  bookingId?: string;
};

/** A bookable choice offered when the asked-for weeks are taken. */
export type Alternative = { copyId: string; startWeek: IsoWeek; weekCount: number };

/**
 * The weeks are taken: nothing was booked; `alternatives` are the nearest bookable choices, found on `kit` (the
 * kit as the refusal was decided on), so the answer can show the calendar without reading the kit again.
 */
export class WeeksTaken extends Refusal {
  constructor(
    readonly alternatives: Alternative[],
    readonly kit?: Kit,
  ) {
    super(alternatives.length > 0 ? 'kit:errors.weeksTaken' : 'kit:errors.weeksTakenNoAlternative');
  }
}

type Problem = { key: string; values?: Record<string, unknown> };

/**
 * Every rule but "the weeks are free": who books, for whom, how long, how soon, how much this term. Returned rather
 * than thrown because the search for alternatives asks it hundreds of times, and an exception costs a stack trace.
 */
function ruleProblem(kit: Kit, actor: Actor, request: BookingRequest, now: Date, except?: string): Problem | undefined {
  const { rules } = kit;
  if (!actor.isStaff && actor.municipalityCode !== request.municipalityCode)
    return { key: 'kit:errors.ownMunicipalityOnly' };
  if (!kit.regionCodes.includes(request.municipalityCode)) return { key: 'kit:errors.notInRegion' };
  if (!isValidIsoWeek(request.startWeek)) return { key: 'kit:errors.badWeek' };
  if (request.copyId !== undefined && !kit.copies.some((copy) => copy.copyId === request.copyId))
    return { key: 'kit:errors.unknownCopy' };
  if (
    !Number.isInteger(request.weekCount) ||
    request.weekCount < rules.minLoanWeeks ||
    request.weekCount > rules.maxLoanWeeks
  )
    return { key: 'kit:errors.loanLength', values: { min: rules.minLoanWeeks, max: rules.maxLoanWeeks } };
  const earliest = earliestStartWeek(now);
  if (request.startWeek < earliest) return { key: 'kit:errors.tooSoon', values: { week: weekNumber(earliest) } };
  const latest = latestStartWeek(kit, now);
  if (request.startWeek > latest)
    return { key: 'kit:errors.tooFarAhead', values: { weeks: rules.bookAheadWeeks, week: weekNumber(latest) } };
  const newWeeksPerTerm = new Map<TermId, number>();
  for (const week of weeksFrom(request.startWeek, request.weekCount))
    newWeeksPerTerm.set(termOf(week), (newWeeksPerTerm.get(termOf(week)) ?? 0) + 1);
  for (const [term, count] of newWeeksPerTerm) {
    const used = weeksInTerm(kit, request.municipalityCode, term, except);
    if (used + count > rules.maxWeeksPerTerm)
      return { key: 'kit:errors.termLimit', values: { max: rules.maxWeeksPerTerm, used } };
  }
  return undefined;
}

/** Throws the first rule the request breaks (see ruleProblem). */
export function checkBookingRules(kit: Kit, actor: Actor, request: BookingRequest, now: Date, except?: string): void {
  const problem = ruleProblem(kit, actor, request, now, except);
  if (problem) throw new Refusal(problem.key, problem.values);
}

function passesRules(kit: Kit, actor: Actor, request: BookingRequest, now: Date, except?: string): boolean {
  return ruleProblem(kit, actor, request, now, except) === undefined;
}

/** The copy to book: the asked-for one, or the first copy free for all the weeks. */
function freeCopyFor(kit: Kit, request: BookingRequest, except?: string): KitCopy | undefined {
  const weeks = weeksFrom(request.startWeek, request.weekCount);
  return kit.copies.find(
    (copy) =>
      (request.copyId === undefined || copy.copyId === request.copyId) && isCopyFree(kit, copy.copyId, weeks, except),
  );
}

/**
 * The nearest bookable choices to a request whose weeks are taken: start weeks by distance from the asked-for one
 * (the same week first, then the earlier of two equally near), each with the longest loan up to the asked-for
 * length that fits on some copy and keeps to the rules.
 */
export function nearestAlternatives(
  kit: Kit,
  actor: Actor,
  request: BookingRequest,
  now: Date,
  limit = 3,
  except?: string,
): Alternative[] {
  const found: Alternative[] = [];
  const longestAt = (startWeek: IsoWeek, longest: number) => {
    for (let weekCount = longest; weekCount >= kit.rules.minLoanWeeks; weekCount--) {
      const candidate = { ...request, startWeek, weekCount };
      if (!passesRules(kit, actor, candidate, now, except)) continue;
      const copy = freeCopyFor(kit, candidate, except);
      if (copy) return found.push({ copyId: copy.copyId, startWeek, weekCount });
    }
  };
  longestAt(request.startWeek, request.weekCount - 1);
  const earliest = earliestStartWeek(now);
  const latest = latestStartWeek(kit, now);
  const reach = Math.max(weeksBetween(earliest, request.startWeek), weeksBetween(request.startWeek, latest));
  for (let distance = 1; distance <= reach && found.length < limit; distance++) {
    for (const startWeek of [addWeeks(request.startWeek, -distance), addWeeks(request.startWeek, distance)]) {
      if (found.length < limit && startWeek >= earliest && startWeek <= latest) longestAt(startWeek, request.weekCount);
    }
  }
  return found;
}

/** What a change to the kit did, besides the kit itself; `kit` is undefined when nothing needs writing. */
export type Change<T> = { kit: Kit | undefined } & T;

/** Every write goes through here: who and when, and the derived fields the offer and handover jobs query. */
export function touched(kit: Kit, person: Person, now: Date): Kit {
  const openOffers = kit.bookings.filter((b) => b.status === 'offered' && b.offer).map((b) => b.offer!.expiresAt);
  const lastWeeks = kit.bookings.filter((b) => b.status === 'confirmed').map(lastWeekOf);
  const { nextOfferExpiresAt: _previous, lastLoanWeek: _last, ...rest } = kit;
  return {
    ...rest,
    ...(openOffers.length > 0 ? { nextOfferExpiresAt: openOffers.sort()[0]! } : {}),
    ...(lastWeeks.length > 0 ? { lastLoanWeek: lastWeeks.sort().at(-1)! } : {}),
    updatedBy: person,
    updatedAt: now.toISOString(),
  };
}

/** Remembers where the kit's calendar is posted, so every later change updates that post in place. */
export function withChannelCalendar(
  kit: Kit,
  posted: NonNullable<Kit['channelCalendar']>,
  person: Person,
  now: Date,
): Change<object> {
  const current = kit.channelCalendar;
  if (current?.conversationId === posted.conversationId && current.postKey === posted.postKey)
    return { kit: undefined };
  return { kit: touched({ ...kit, channelCalendar: posted }, person, now) };
}

function findBooking(kit: Kit, bookingId: string): Booking {
  const booking = kit.bookings.find((b) => b.bookingId === bookingId);
  if (!booking) throw new Refusal('kit:errors.unknownBooking');
  return booking;
}

/** Members act on their own municipality's bookings; staff on any. */
export function mayActOn(actor: Actor, municipalityCode: string): boolean {
  return actor.isStaff || actor.municipalityCode === municipalityCode;
}

function replaceBooking(kit: Kit, booking: Booking): Kit {
  return { ...kit, bookings: kit.bookings.map((b) => (b.bookingId === booking.bookingId ? booking : b)) };
}

/** Books the weeks on a free copy, or refuses: with `WeeksTaken` (and the nearest alternatives) when they are taken. */
export function placeBooking(
  kit: Kit,
  actor: Actor,
  request: BookingRequest,
  ids: NewIds,
  now: Date,
): Change<{ booking: Booking }> {
  const again = request.bookingId && kit.bookings.find((b) => b.bookingId === request.bookingId);
  if (again) return { kit: undefined, booking: again };
  checkBookingRules(kit, actor, request, now);
  const copy = freeCopyFor(kit, request);
  if (!copy) throw new WeeksTaken(nearestAlternatives(kit, actor, request, now), kit);
  const fresh = ids();
  const bookingId = request.bookingId ?? fresh.bookingId;
  const { calendarToken } = fresh;
  const booking: Booking = {
    bookingId,
    copyId: copy.copyId,
    municipalityCode: request.municipalityCode,
    libraryName: request.libraryName,
    startWeek: request.startWeek,
    weekCount: request.weekCount,
    bookedBy: actor.person,
    contact: request.contact ?? actor.person,
    status: 'confirmed',
    calendarToken,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  return { kit: touched({ ...kit, bookings: [...kit.bookings, booking] }, actor.person, now), booking };
}

/** Weeks that have started can no longer be given to anyone else. */
function refuseStartedWeeks(weeks: readonly IsoWeek[], now: Date): void {
  const current = weekOf(now);
  if (weeks.some((week) => week <= current)) throw new Refusal('kit:errors.loanStarted');
}

/** Cancels a confirmed booking; its weeks go to the waiting list first (see offerFreedWeeks). */
export function cancelBooking(
  kit: Kit,
  actor: Actor,
  bookingId: string,
  ids: NewIds,
  now: Date,
): Change<{ booking: Booking; offers: Booking[] }> {
  const booking = findBooking(kit, bookingId);
  if (!mayActOn(actor, booking.municipalityCode)) throw new Refusal('kit:errors.notYourBooking');
  if (booking.status !== 'confirmed') throw new Refusal('kit:errors.notConfirmed');
  refuseStartedWeeks(weeksOf(booking), now);
  const cancelled: Booking = { ...booking, status: 'cancelled', endedBy: actor.person, updatedAt: now.toISOString() };
  const released = offerFreedWeeks(replaceBooking(kit, cancelled), booking.copyId, weeksOf(booking), ids, now);
  return { kit: touched(released.kit, actor.person, now), booking: cancelled, offers: released.offers };
}

/**
 * Keeps a shorter stretch of a confirmed booking (weeks may go from either end, not from the middle); the weeks
 * given up go to the waiting list first.
 */
export function shortenBooking(
  kit: Kit,
  actor: Actor,
  bookingId: string,
  keep: { startWeek: IsoWeek; weekCount: number },
  ids: NewIds,
  now: Date,
): Change<{ booking: Booking; offers: Booking[] }> {
  const booking = findBooking(kit, bookingId);
  if (!mayActOn(actor, booking.municipalityCode)) throw new Refusal('kit:errors.notYourBooking');
  if (booking.status !== 'confirmed') throw new Refusal('kit:errors.notConfirmed');
  const before = weeksOf(booking);
  const fits =
    isValidIsoWeek(keep.startWeek) &&
    Number.isInteger(keep.weekCount) &&
    keep.weekCount >= kit.rules.minLoanWeeks &&
    keep.weekCount < booking.weekCount;
  const after = fits ? weeksFrom(keep.startWeek, keep.weekCount) : [];
  if (!fits || !after.every((week) => before.includes(week)))
    throw new Refusal('kit:errors.badShortening', { min: kit.rules.minLoanWeeks });
  const freed = before.filter((week) => !after.includes(week));
  refuseStartedWeeks(freed, now);
  const shortened: Booking = { ...booking, ...keep, updatedAt: now.toISOString() };
  const released = offerFreedWeeks(replaceBooking(kit, shortened), booking.copyId, freed, ids, now);
  return { kit: touched(released.kit, actor.person, now), booking: shortened, offers: released.offers };
}

/**
 * The weeks a library holding the kit may choose as the last it keeps when it returns the kit early: from this
 * week (or the loan's shortest length, if later) to the week before its last. None when the loan has not begun,
 * is over, or cannot be any shorter.
 */
export function earlyReturnWeeks(kit: Kit, booking: Booking, now: Date): IsoWeek[] {
  const current = weekOf(now);
  const last = lastWeekOf(booking);
  if (booking.status !== 'confirmed' || booking.startWeek > current || last <= current) return [];
  const shortest = addWeeks(booking.startWeek, kit.rules.minLoanWeeks - 1);
  const first = shortest > current ? shortest : current;
  return first < last ? weeksFrom(first, weeksBetween(first, last)) : [];
}

/**
 * Returns the kit early: the booking keeps its weeks up to `lastWeek` (see shortenBooking), and the weeks after go
 * to the waiting list first. A loan that already ends in `lastWeek` (the same choice pressed again) is left alone.
 */
export function returnEarly(
  kit: Kit,
  actor: Actor,
  bookingId: string,
  lastWeek: IsoWeek,
  ids: NewIds,
  now: Date,
): Change<{ booking: Booking; offers: Booking[] }> {
  const booking = findBooking(kit, bookingId);
  if (!mayActOn(actor, booking.municipalityCode)) throw new Refusal('kit:errors.notYourBooking');
  if (!isValidIsoWeek(lastWeek)) throw new Refusal('kit:errors.badWeek');
  if (booking.status === 'confirmed' && lastWeekOf(booking) === lastWeek)
    return { kit: undefined, booking, offers: [] };
  const weekCount = weeksBetween(booking.startWeek, lastWeek) + 1;
  return shortenBooking(kit, actor, bookingId, { startWeek: booking.startWeek, weekCount }, ids, now);
}

/**
 * Moves a confirmed booking to other weeks or another copy in one step: either the new weeks are free (the
 * booking's own weeks count as free) and the booking moves, or nothing changes. Weeks given up go to the queue.
 */
export function moveBooking(
  kit: Kit,
  actor: Actor,
  bookingId: string,
  target: { startWeek: IsoWeek; weekCount: number; copyId?: string },
  ids: NewIds,
  now: Date,
): Change<{ booking: Booking; offers: Booking[] }> {
  const booking = findBooking(kit, bookingId);
  if (!mayActOn(actor, booking.municipalityCode)) throw new Refusal('kit:errors.notYourBooking');
  if (booking.status !== 'confirmed') throw new Refusal('kit:errors.notConfirmed');
  refuseStartedWeeks(weeksOf(booking), now);
  const request: BookingRequest = {
    municipalityCode: booking.municipalityCode,
    libraryName: booking.libraryName,
    contact: booking.contact,
    ...target,
  };
  checkBookingRules(kit, actor, request, now, bookingId);
  const copy = freeCopyFor(kit, request, bookingId);
  if (!copy) throw new WeeksTaken(nearestAlternatives(kit, actor, request, now, 3, bookingId), kit);
  const moved: Booking = {
    ...booking,
    copyId: copy.copyId,
    startWeek: target.startWeek,
    weekCount: target.weekCount,
    updatedAt: now.toISOString(),
  };
  const after = new Set(copy.copyId === booking.copyId ? weeksOf(moved) : []);
  const freed = weeksOf(booking).filter((week) => !after.has(week));
  const released = offerFreedWeeks(replaceBooking(kit, moved), booking.copyId, freed, ids, now);
  return { kit: touched(released.kit, actor.person, now), booking: moved, offers: released.offers };
}

/* ------------------------------------------------------------------------------------------------------------
 * Waiting list and offers
 * ------------------------------------------------------------------------------------------------------------ */

/**
 * The queue as it is served: entries still waiting whose weeks have not all passed, first come first. The list is
 * appended to under the kit's ETag, so its order is the order the queueing was written in; the sort (stable) only
 * guards against a list put together otherwise, and two entries of the same millisecond keep that order.
 */
export function waitingOrder(kit: Kit, now: Date): WaitingEntry[] {
  const earliest = earliestStartWeek(now);
  return kit.waitingList
    .filter((entry) => entry.status === 'waiting' && lastWeekOf(entry) >= earliest)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** 1 for the first in the queue; undefined when the entry is not waiting. */
export function queuePosition(kit: Kit, entryId: string, now: Date): number | undefined {
  const index = waitingOrder(kit, now).findIndex((entry) => entry.entryId === entryId);
  return index < 0 ? undefined : index + 1;
}

export function offerExpiresAt(rules: BookingRules, now: Date): string {
  return new Date(now.getTime() + rules.offerHours * 3_600_000).toISOString();
}

/** An offer is open until its expiry; after that the expiry job passes the weeks to the next in the queue. */
export function isOfferOpen(booking: Booking, now: Date): boolean {
  return booking.status === 'offered' && booking.offer !== undefined && now.toISOString() < booking.offer.expiresAt;
}

/** The first run of consecutive weeks in a sorted list. */
function firstRun(weeks: readonly IsoWeek[]): IsoWeek[] {
  const run: IsoWeek[] = [];
  for (const week of weeks) {
    if (run.length > 0 && addWeeks(run.at(-1)!, 1) !== week) break;
    run.push(week);
  }
  return run;
}

/**
 * Freed weeks of a copy go to the waiting list before anyone else can book them: in queue order, each entry whose
 * wanted weeks overlap what is still free is offered that overlap (if it is long enough and within its
 * municipality's term limit), held for it until the offer expires. Weeks nobody waits for are simply free.
 */
export function offerFreedWeeks(
  kit: Kit,
  copyId: string,
  freedWeeks: readonly IsoWeek[],
  ids: NewIds,
  now: Date,
): { kit: Kit; offers: Booking[] } {
  const earliest = earliestStartWeek(now);
  let remaining = [...freedWeeks].filter((week) => week >= earliest).sort();
  const offers: Booking[] = [];
  let current = kit;
  for (const entry of waitingOrder(kit, now)) {
    if (remaining.length === 0) break;
    const wanted = new Set(weeksOf(entry));
    const run = firstRun(remaining.filter((week) => wanted.has(week)));
    if (run.length < current.rules.minLoanWeeks || !isCopyFree(current, copyId, run)) continue;
    const overLimit = [...new Set(run.map(termOf))].some(
      (term) =>
        weeksInTerm(current, entry.municipalityCode, term) + run.filter((w) => termOf(w) === term).length >
        current.rules.maxWeeksPerTerm,
    );
    if (overLimit) continue;
    const { bookingId, calendarToken } = ids();
    const offer: Booking = {
      bookingId,
      copyId,
      municipalityCode: entry.municipalityCode,
      libraryName: entry.libraryName,
      startWeek: run[0]!,
      weekCount: run.length,
      bookedBy: entry.person,
      contact: entry.person,
      status: 'offered',
      offer: { entryId: entry.entryId, offeredAt: now.toISOString(), expiresAt: offerExpiresAt(current.rules, now) },
      calendarToken,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    offers.push(offer);
    current = {
      ...current,
      bookings: [...current.bookings, offer],
      waitingList: current.waitingList.map((e) =>
        e.entryId === entry.entryId ? { ...e, status: 'offered' as const, bookingId } : e,
      ),
    };
    remaining = remaining.filter((week) => !run.includes(week));
  }
  return { kit: current, offers };
}

function setEntryStatus(kit: Kit, entryId: string | undefined, status: WaitingEntry['status']): Kit {
  return {
    ...kit,
    waitingList: kit.waitingList.map((entry) => (entry.entryId === entryId ? { ...entry, status } : entry)),
  };
}

/** Queues for weeks that are taken now; refused when they are free (book them instead) or already queued for. */
export function joinWaitingList(
  kit: Kit,
  actor: Actor,
  request: BookingRequest,
  entryId: string,
  now: Date,
): Change<{ entry: WaitingEntry }> {
  checkBookingRules(kit, actor, request, now);
  if (freeCopyFor(kit, request)) throw new Refusal('kit:errors.weeksFree');
  const wanted = new Set(weeksFrom(request.startWeek, request.weekCount));
  const already = kit.waitingList.some(
    (entry) =>
      entry.municipalityCode === request.municipalityCode &&
      (entry.status === 'waiting' || entry.status === 'offered') &&
      weeksOf(entry).some((week) => wanted.has(week)),
  );
  if (already) throw new Refusal('kit:errors.alreadyWaiting');
  const entry: WaitingEntry = {
    entryId,
    municipalityCode: request.municipalityCode,
    libraryName: request.libraryName,
    person: request.contact ?? actor.person,
    startWeek: request.startWeek,
    weekCount: request.weekCount,
    createdAt: now.toISOString(),
    status: 'waiting',
  };
  return { kit: touched({ ...kit, waitingList: [...kit.waitingList, entry] }, actor.person, now), entry };
}

export function leaveWaitingList(kit: Kit, actor: Actor, entryId: string, now: Date): Change<object> {
  const entry = kit.waitingList.find((e) => e.entryId === entryId);
  if (!entry) throw new Refusal('kit:errors.unknownEntry');
  if (!mayActOn(actor, entry.municipalityCode)) throw new Refusal('kit:errors.notYourBooking');
  if (entry.status !== 'waiting') return { kit: undefined };
  return { kit: touched(setEntryStatus(kit, entryId, 'withdrawn'), actor.person, now) };
}

/** Accepting an open offer confirms it; accepting it again changes nothing (a redelivered press is harmless). */
export function acceptOffer(kit: Kit, actor: Actor, bookingId: string, now: Date): Change<{ booking: Booking }> {
  const booking = findBooking(kit, bookingId);
  if (!mayActOn(actor, booking.municipalityCode)) throw new Refusal('kit:errors.notYourBooking');
  if (booking.status === 'confirmed' && booking.offer) return { kit: undefined, booking };
  if (booking.status !== 'offered' || !isOfferOpen(booking, now)) throw new Refusal('kit:errors.offerExpired');
  const confirmed: Booking = { ...booking, status: 'confirmed', updatedAt: now.toISOString() };
  const next = setEntryStatus(replaceBooking(kit, confirmed), booking.offer?.entryId, 'booked');
  return { kit: touched(next, actor.person, now), booking: confirmed };
}

/** Declining passes the weeks on to the next in the queue at once. */
export function declineOffer(
  kit: Kit,
  actor: Actor,
  bookingId: string,
  ids: NewIds,
  now: Date,
): Change<{ booking: Booking; offers: Booking[] }> {
  const booking = findBooking(kit, bookingId);
  if (!mayActOn(actor, booking.municipalityCode)) throw new Refusal('kit:errors.notYourBooking');
  if (booking.status === 'declined') return { kit: undefined, booking, offers: [] };
  if (booking.status !== 'offered') throw new Refusal('kit:errors.offerExpired');
  const declined: Booking = { ...booking, status: 'declined', endedBy: actor.person, updatedAt: now.toISOString() };
  const kitAfter = setEntryStatus(replaceBooking(kit, declined), booking.offer?.entryId, 'passed');
  const released = offerFreedWeeks(kitAfter, booking.copyId, weeksOf(booking), ids, now);
  return { kit: touched(released.kit, actor.person, now), booking: declined, offers: released.offers };
}

/** Offers past their time expire and their weeks go to the next in the queue; `kit` undefined when none had. */
export function expireOffers(
  kit: Kit,
  ids: NewIds,
  now: Date,
  by: Person,
): Change<{ expired: Booking[]; offers: Booking[] }> {
  const due = kit.bookings.filter((b) => b.status === 'offered' && !isOfferOpen(b, now));
  if (due.length === 0) return { kit: undefined, expired: [], offers: [] };
  let current = kit;
  const expired: Booking[] = [];
  const offers: Booking[] = [];
  for (const booking of due) {
    const ended: Booking = { ...booking, status: 'expired', updatedAt: now.toISOString() };
    expired.push(ended);
    current = setEntryStatus(replaceBooking(current, ended), booking.offer?.entryId, 'passed');
    const released = offerFreedWeeks(current, booking.copyId, weeksOf(booking), ids, now);
    current = released.kit;
    offers.push(...released.offers);
  }
  return { kit: touched(current, by, now), expired, offers };
}

/* ------------------------------------------------------------------------------------------------------------
 * The calendar by week, and fairness per term
 * ------------------------------------------------------------------------------------------------------------ */

/** `mine`: held for the viewer's municipality (booked, or offered to it); `offered`: held for someone else's answer. */
export type WeekState = 'free' | 'booked' | 'mine' | 'offered';
export type CopyWeek = { copyId: string; state: WeekState; municipalityCode?: string; bookingId?: string };
export type CalendarWeek = { week: IsoWeek; copies: CopyWeek[]; freeCopies: number };

export function calendarByWeek(kit: Kit, from: IsoWeek, count: number, viewerMunicipality?: string): CalendarWeek[] {
  return weeksFrom(from, count).map((week) => {
    const copies = kit.copies.map((copy): CopyWeek => {
      const booking = holderOfWeek(kit, copy.copyId, week);
      if (!booking) return { copyId: copy.copyId, state: 'free' };
      const state: WeekState =
        booking.municipalityCode === viewerMunicipality ? 'mine' : booking.status === 'offered' ? 'offered' : 'booked';
      return { copyId: copy.copyId, state, municipalityCode: booking.municipalityCode, bookingId: booking.bookingId };
    });
    return { week, copies, freeCopies: copies.filter((copy) => copy.state === 'free').length };
  });
}

/** A municipality in a term: `had` once a booked week has begun, `booked` before that, `none` without a booking. */
export type MunicipalityTerm = {
  municipalityCode: string;
  weeksBooked: number;
  weeksHad: number;
  waiting: number;
  state: 'had' | 'booked' | 'none';
};

/**
 * The term per municipality of the kit's region, for staff: who has had the kit, who has it booked, who has
 * neither (those first). Offers count once accepted.
 */
export function termOverview(
  kit: Kit,
  term: TermId,
  now: Date,
): { term: TermId; rows: MunicipalityTerm[]; notYetHad: string[]; withoutBooking: string[] } {
  const { first, last } = termWeeks(term);
  const current = weekOf(now);
  const inTerm = (week: IsoWeek) => week >= first && week <= last;
  const rank = { none: 0, booked: 1, had: 2 } as const;
  const rows = kit.regionCodes
    .map((municipalityCode): MunicipalityTerm => {
      const weeks = kit.bookings
        .filter((b) => b.municipalityCode === municipalityCode && b.status === 'confirmed')
        .flatMap(weeksOf)
        .filter(inTerm);
      const weeksHad = weeks.filter((week) => week <= current).length;
      const waiting = kit.waitingList.filter(
        (e) => e.municipalityCode === municipalityCode && e.status === 'waiting' && weeksOf(e).some(inTerm),
      ).length;
      const state = weeksHad > 0 ? 'had' : weeks.length > 0 ? 'booked' : 'none';
      return { municipalityCode, weeksBooked: weeks.length, weeksHad, waiting, state };
    })
    .sort((a, b) => rank[a.state] - rank[b.state] || a.municipalityCode.localeCompare(b.municipalityCode));
  return {
    term,
    rows,
    notYetHad: rows.filter((row) => row.weeksHad === 0).map((row) => row.municipalityCode),
    withoutBooking: rows.filter((row) => row.weeksBooked === 0).map((row) => row.municipalityCode),
  };
}

/** The current term, for the overview's default. */
export function currentTerm(now: Date): TermId {
  return termOf(weekOf(now));
}
