import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { KitAccess } from './access.js';
import { passOnFreedWeeks } from './booking.js';
import { bookingCalendarUrl } from './calendar-file.js';
import { weeksLabel } from './cards.js';
import { confirmationCard } from './confirmation-cards.js';
import { lastWeekOf, mayActOn } from './domain.js';
import { earlyReturnCard } from './early-return-cards.js';
import { earlyReturnWeeks, returnEarly } from './early-return-rules.js';
import type { KitContext } from './messages.js';
import type { BookingRef, EarlyReturnForm } from './schema.js';
import { randomIds } from './store.js';

/*
 * A library holding the kit gives it back before its loan ends: it chooses the last week it keeps (this week or a
 * later one of the loan), the booking is shortened under the kit's ETag, and the weeks after go to the waiting
 * list first, 1:1, as when a booking is cancelled. Members do it for their municipality's loans, staff for any.
 */

/** "Return early": the weeks the holder may keep, to choose the last of. Reads only. */
export async function earlyReturnForm(
  turn: Turn,
  ctx: KitContext,
  access: KitAccess,
  ref: BookingRef,
): Promise<CardReply> {
  const kit = await ctx.kits.require(access.programme.programmeId, ref.kitId);
  const booking = kit.bookings.find((b) => b.bookingId === ref.bookingId);
  if (!booking) throw new Refusal('kit:errors.unknownBooking');
  if (!mayActOn(access.actor, booking.municipalityCode)) throw new Refusal('kit:errors.notYourBooking');
  if (earlyReturnWeeks(kit, booking, turn.now).length === 0) throw new Refusal('kit:errors.noEarlyReturn');
  return earlyReturnCard(turn, { kit, booking, now: turn.now });
}

/** Keeps the loan through the chosen week and passes the rest on; answers with the loan as it now stands. */
export async function returnKitEarly(
  turn: Turn,
  ctx: KitContext,
  access: KitAccess,
  form: EarlyReturnForm,
): Promise<CardReply> {
  const returned = await ctx.kits.change(access.programme.programmeId, form.kitId, (current) =>
    returnEarly(current, access.actor, form.bookingId, form.lastWeek, randomIds, turn.now),
  );
  await passOnFreedWeeks(turn, ctx, access, returned);
  const { booking, offers, kit } = returned;
  const names = {
    copy: kit.copies.find((c) => c.copyId === booking.copyId)?.label ?? kit.name,
    last: weeksLabel(turn, lastWeekOf(booking), 1),
  };
  const note = turn.t(offers.length > 0 ? 'kit:notes.returnedEarlyOffered' : 'kit:notes.returnedEarly', names);
  const calendarUrl = bookingCalendarUrl(ctx, kit, booking, turn.language);
  return confirmationCard(turn, { kit, booking, calendarUrl, now: turn.now, note });
}
