import { Refusal } from '../../platform/refusal.js';
import type { Person } from '../programmes/schema.js';
import type { Booking, BookingRules, IsoWeek, Kit, KitCopy, TermId } from './schema.js';
import { addWeeks, isValidIsoWeek, termOf, weekNumber, weekOf, weeksBetween, weeksFrom } from './weeks.js';

/*
 * The kit's rules, pure: every change to a kit is a function from the kit as read to the kit to write, or a
 * Refusal (nothing is written). store.ts applies them under the document's ETag, so a rule checked here holds
 * for the written result even with several bot instances booking at the same moment.
 *
 * This file holds the core: who acts, which weeks a booking holds, the booking rules and placing a booking. The
 * rules built on it each have a file named for them (the architecture test keeps every `*-rules.ts` pure too):
 * queue-rules.ts (the waiting list and its offers), booking-change-rules.ts (cancel, shorten, move),
 * early-return-rules.ts, calendar-rules.ts (the calendar by week), fairness-rules.ts (the term per municipality),
 * and handover-rules.ts (where each copy travels, and the content check on arrival).
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
export function freeCopyFor(kit: Kit, request: BookingRequest, except?: string): KitCopy | undefined {
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

export function findBooking(kit: Kit, bookingId: string): Booking {
  const booking = kit.bookings.find((b) => b.bookingId === bookingId);
  if (!booking) throw new Refusal('kit:errors.unknownBooking');
  return booking;
}

/** The booking, if the actor may act on it (their municipality's, or any for staff); refused otherwise. */
export function actorsBooking(kit: Kit, actor: Actor, bookingId: string): Booking {
  const booking = findBooking(kit, bookingId);
  if (!mayActOn(actor, booking.municipalityCode)) throw new Refusal('kit:errors.notYourBooking');
  return booking;
}

/** Members act on their own municipality's bookings; staff on any. */
export function mayActOn(actor: Actor, municipalityCode: string): boolean {
  return actor.isStaff || actor.municipalityCode === municipalityCode;
}

export function replaceBooking(kit: Kit, booking: Booking): Kit {
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
