import type { JobSource } from '../../platform/scheduler.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { KitAccess } from './access.js';
import { auditKit, passOnFreedWeeks } from './booking.js';
import { bookingCalendarUrl } from './calendar-file.js';
import { confirmationCard } from './confirmation-cards.js';
import { kitOrigin, type KitContext } from './messages.js';
import { offerCard } from './offer-cards.js';
import { acceptOffer, declineOffer, expireOffers } from './queue-rules.js';
import type { BookingRef } from './schema.js';
import { randomIds } from './store.js';

/*
 * Freed weeks go to the waiting list first: the first in the queue is offered them 1:1 and has the kit's offer
 * time to answer; a decline or the expiry passes them on to the next. Expiry is a scheduled job, run once across
 * instances, and its messages go out through the job's outbox sender.
 */

/** The bot itself, as who changed the kit when an offer ran out. */
const EXPIRY = { id: 'fokusgrupper:offer-expiry', name: 'Fokusgrupper' };

export async function accept(turn: Turn, ctx: KitContext, access: KitAccess, ref: BookingRef): Promise<CardReply> {
  const { booking, kit, written } = await ctx.kits.change(access.programme.programmeId, ref.kitId, (current) =>
    acceptOffer(current, access.actor, ref.bookingId, turn.now),
  );
  if (written) {
    auditKit(turn, access, kit);
    ctx.calendars.refresh(kit);
  }
  const calendarUrl = bookingCalendarUrl(ctx, kit, booking, turn.language);
  return confirmationCard(turn, { kit, booking, calendarUrl, now: turn.now, fromOffer: true });
}

export async function decline(turn: Turn, ctx: KitContext, access: KitAccess, ref: BookingRef): Promise<CardReply> {
  const declined = await ctx.kits.change(access.programme.programmeId, ref.kitId, (current) =>
    declineOffer(current, access.actor, ref.bookingId, randomIds, turn.now),
  );
  await passOnFreedWeeks(turn, ctx, access, declined);
  return offerCard(turn, { kit: declined.kit, booking: declined.booking, now: turn.now });
}

/**
 * Kits with an offer past its time: the offers expire, their cards say so, and the weeks are offered to the next
 * in the queue. The job's key names the minute, so a kit found again later (another offer expiring) is a new job,
 * and two instances ticking in the same minute run it once; a later run finds nothing left to expire.
 */
export function dueOfferExpiries(ctx: KitContext): JobSource {
  return async (now) =>
    (await ctx.kits.listWithExpiredOffers(now)).map(({ programmeId, kitId }) => ({
      key: `kit-offers:${programmeId}:${kitId}:${now.toISOString().slice(0, 16)}`,
      run: async (job) => {
        const at = ctx.clock();
        const { expired, offers, kit, written } = await ctx.kits.change(programmeId, kitId, (current) =>
          expireOffers(current, randomIds, at, EXPIRY),
        );
        if (!written) return;
        const sender = job.sender(kitOrigin(kit));
        await ctx.messages.sendOffers(kit, offers, at, sender);
        await ctx.messages.closeOffers(kit, expired, at, sender);
        await ctx.messages.updateCalendar(kit, at, sender);
      },
    }));
}
