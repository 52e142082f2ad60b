import { Refusal } from '../../platform/refusal.js';
import type { Person } from '../programmes/schema.js';
import {
  checkBookingRules,
  earliestStartWeek,
  actorsBooking,
  freeCopyFor,
  isCopyFree,
  lastWeekOf,
  mayActOn,
  replaceBooking,
  touched,
  weeksInTerm,
  weeksOf,
  type Actor,
  type BookingRequest,
  type Change,
  type NewIds,
} from './domain.js';
import type { Booking, BookingRules, IsoWeek, Kit, WaitingEntry } from './schema.js';
import { addWeeks, termOf, weeksFrom } from './weeks.js';

/*
 * The waiting list and its offers, pure (see domain.ts): queueing for taken weeks, offering freed weeks to the
 * queue in order, and accepting, declining or letting an offer expire.
 */

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
  const booking = actorsBooking(kit, actor, bookingId);
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
  const booking = actorsBooking(kit, actor, bookingId);
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
