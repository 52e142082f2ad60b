import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { copyLabel, momentLabel, weeksLabel, weeksWithDates, type Localized } from './cards.js';
import type { Booking, Kit } from './schema.js';
import offerTemplate from './cards/offer.json' with { type: 'json' };

/* The waiting-list offer: freed weeks held for a municipality until a deadline, and the answer once given. */

export function offerCard(localized: Localized, view: { kit: Kit; booking: Booking; now: Date }): AdaptiveCard {
  const { t } = localized;
  const { kit, booking, now } = view;
  const weeks = weeksLabel(localized, booking.startWeek, booking.weekCount);
  const copy = copyLabel(kit, booking.copyId);
  const open =
    booking.status === 'offered' && booking.offer !== undefined && now.toISOString() < booking.offer.expiresAt;
  const outcome = booking.status === 'confirmed' ? 'accepted' : booking.status === 'declined' ? 'declined' : 'expired';
  return renderCard(offerTemplate, {
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    bookingId: booking.bookingId,
    title: t('kit:cards.offer.title', { kit: kit.name }),
    open,
    intro: booking.offer
      ? t('kit:cards.offer.intro', { deadline: momentLabel(localized, booking.offer.expiresAt) })
      : '',
    outcome: t(`kit:cards.offer.${outcome}`),
    outcomeColor: outcome === 'accepted' ? 'Good' : 'Default',
    facts: [
      { title: t('kit:cards.offer.weeks'), value: weeksWithDates(localized, booking.startWeek, booking.weekCount) },
      { title: t('kit:cards.offer.copy'), value: copy },
    ],
    acceptTitle: t('kit:cards.offer.accept', { weeks, copy }),
    declineTitle: t('kit:cards.offer.decline', { weeks, copy }),
  });
}
