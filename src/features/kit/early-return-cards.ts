import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { borrowerLabel, copyLabel, weeksWithDates, type Localized } from './cards.js';
import { earlyReturnWeeks } from './early-return-rules.js';
import type { Booking, Kit } from './schema.js';
import earlyReturnTemplate from './cards/early-return.json' with { type: 'json' };

/* Returning the kit early: the last week kept, then the rest goes to the queue. */

export type EarlyReturnView = { kit: Kit; booking: Booking; now: Date };

export function earlyReturnCard(localized: Localized, view: EarlyReturnView): AdaptiveCard {
  const { t } = localized;
  const { kit, booking, now } = view;
  const copy = copyLabel(kit, booking.copyId);
  const choices = earlyReturnWeeks(kit, booking, now);
  return renderCard(earlyReturnTemplate, {
    text: textsFor(t, 'kit:cards.earlyReturn'),
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    bookingId: booking.bookingId,
    title: t('kit:cards.earlyReturn.title', { copy }),
    facts: [
      {
        title: t('kit:cards.earlyReturn.loan'),
        value: weeksWithDates(localized, booking.startWeek, booking.weekCount),
      },
      { title: t('kit:cards.confirmation.library'), value: borrowerLabel(booking) },
    ],
    lastWeekLabel: t('kit:cards.earlyReturn.lastWeek', { copy }),
    lastWeek: choices[0] ?? '',
    weekChoices: choices.map((week) => ({
      title: t('kit:cards.earlyReturn.through', { week: weeksWithDates(localized, week, 1) }),
      value: week,
    })),
    confirmTitle: t('kit:cards.earlyReturn.confirm', { copy }),
    showCalendarTitle: t('kit:cards.confirmation.showCalendar', { kit: kit.name }),
  });
}
