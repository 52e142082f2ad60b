import { Refusal } from '../../platform/refusal.js';
import { shortenBooking } from './booking-change-rules.js';
import { actorsBooking, lastWeekOf, type Actor, type Change, type NewIds } from './domain.js';
import type { Booking, IsoWeek, Kit } from './schema.js';
import { addWeeks, isValidIsoWeek, weekOf, weeksBetween, weeksFrom } from './weeks.js';

/*
 * Returning the kit early, pure (see domain.ts): the holder keeps the loan up to a week it chooses, and the rest
 * goes to the waiting list first.
 */

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
  const booking = actorsBooking(kit, actor, bookingId);
  if (!isValidIsoWeek(lastWeek)) throw new Refusal('kit:errors.badWeek');
  if (booking.status === 'confirmed' && lastWeekOf(booking) === lastWeek)
    return { kit: undefined, booking, offers: [] };
  const weekCount = weeksBetween(booking.startWeek, lastWeek) + 1;
  return shortenBooking(kit, actor, bookingId, { startWeek: booking.startWeek, weekCount }, ids, now);
}
