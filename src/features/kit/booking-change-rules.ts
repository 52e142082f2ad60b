import { Refusal } from '../../platform/refusal.js';
import {
  checkBookingRules,
  actorsBooking,
  freeCopyFor,
  nearestAlternatives,
  replaceBooking,
  touched,
  weeksOf,
  WeeksTaken,
  type Actor,
  type BookingRequest,
  type Change,
  type NewIds,
} from './domain.js';
import { offerFreedWeeks } from './queue-rules.js';
import type { Booking, IsoWeek, Kit } from './schema.js';
import { isValidIsoWeek, weekOf, weeksFrom } from './weeks.js';

/*
 * Changing a confirmed booking, pure (see domain.ts): cancelling, shortening or moving it. Weeks given up go to the
 * waiting list first (offerFreedWeeks in queue-rules.ts), and a week that has begun is never given away.
 */

/** Weeks that have started can no longer be given to anyone else. */
function refuseStartedWeeks(weeks: readonly IsoWeek[], now: Date): void {
  const current = weekOf(now);
  if (weeks.some((week) => week <= current)) throw new Refusal('kit:errors.loanStarted');
}

function confirmed(booking: Booking): Booking {
  if (booking.status !== 'confirmed') throw new Refusal('kit:errors.notConfirmed');
  return booking;
}

/** A confirmed booking none of whose weeks has begun: only such a booking is cancelled or moved. */
function notYetStarted(booking: Booking, now: Date): Booking {
  refuseStartedWeeks(weeksOf(confirmed(booking)), now);
  return booking;
}

/** Cancels a confirmed booking; its weeks go to the waiting list first (see offerFreedWeeks). */
export function cancelBooking(
  kit: Kit,
  actor: Actor,
  bookingId: string,
  ids: NewIds,
  now: Date,
): Change<{ booking: Booking; offers: Booking[] }> {
  const booking = notYetStarted(actorsBooking(kit, actor, bookingId), now);
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
  const booking = confirmed(actorsBooking(kit, actor, bookingId));
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
  const booking = notYetStarted(actorsBooking(kit, actor, bookingId), now);
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
