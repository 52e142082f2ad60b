import { DateTime } from 'luxon';
import { periodInvitation } from '../../platform/calendar.js';
import { municipalities } from '../../platform/municipalities.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import {
  borrowerLabel,
  copyLabel,
  dayLabel,
  holderLabel,
  weeksLabel,
  weeksWithDates,
  type Fact,
  type Localized,
} from './cards.js';
import { earliestStartWeek } from './domain.js';
import { earlyReturnWeeks } from './early-return-rules.js';
import { handoverChain, loanPeriod, type HandoverLeg } from './handover-rules.js';
import type { Booking, Kit } from './schema.js';
import confirmationTemplate from './cards/confirmation.json' with { type: 'json' };

/* Booking confirmation, with the loan as a calendar (.ics) entry. */

/** Where the copy comes from and goes to around a loan, as the calendar stands now. */
function legsAround(kit: Kit, booking: Booking): { arrival?: HandoverLeg; departure?: HandoverLeg } {
  const legs = handoverChain(kit, booking.copyId);
  return {
    arrival: legs.find((leg) => leg.to.kind === 'loan' && leg.to.booking.bookingId === booking.bookingId),
    departure: legs.find((leg) => leg.from.kind === 'loan' && leg.from.booking.bookingId === booking.bookingId),
  };
}

export type ConfirmationView = {
  kit: Kit;
  booking: Booking;
  /** The .ics link for this booking ('' when there is none to offer). */
  calendarUrl: string;
  now: Date;
  /** Shown when the booking came from an accepted offer. */
  fromOffer?: boolean;
  /** Any other line at the top (a booking moved). */
  note?: string;
};

export function confirmationCard(localized: Localized, view: ConfirmationView): AdaptiveCard {
  const { t } = localized;
  const { kit, booking } = view;
  const weeks = weeksLabel(localized, booking.startWeek, booking.weekCount);
  const copy = copyLabel(kit, booking.copyId);
  const { arrival, departure } = legsAround(kit, booking);
  const facts: Fact[] = [
    { title: t('kit:cards.confirmation.copy'), value: copy },
    {
      title: t('kit:cards.confirmation.weeks'),
      value: weeksWithDates(localized, booking.startWeek, booking.weekCount),
    },
    { title: t('kit:cards.confirmation.library'), value: borrowerLabel(booking) },
    ...(arrival
      ? [
          {
            title: t('kit:cards.confirmation.pickUp'),
            value: t('kit:cards.confirmation.arrives', {
              day: dayLabel(localized, arrival.date),
              from: holderLabel(arrival.from),
            }),
          },
        ]
      : []),
    ...(departure
      ? [
          {
            title: t('kit:cards.confirmation.handOn'),
            value: t('kit:cards.confirmation.leaves', {
              day: dayLabel(localized, departure.date),
              to: holderLabel(departure.to),
            }),
          },
        ]
      : []),
    { title: t('kit:cards.confirmation.bookedBy'), value: booking.bookedBy.name },
  ];
  return renderCard(confirmationTemplate, {
    text: textsFor(t, 'kit:cards.confirmation'),
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    bookingId: booking.bookingId,
    title: t('kit:cards.confirmation.title', { kit: kit.name }),
    note: view.fromOffer ? t('kit:cards.confirmation.offerAccepted') : (view.note ?? ''),
    facts,
    calendarUrl: view.calendarUrl,
    addToCalendarTitle: t('kit:cards.confirmation.addToCalendar', { weeks, copy }),
    canCancel: booking.status === 'confirmed' && booking.startWeek >= earliestStartWeek(view.now),
    cancelTitle: t('kit:cards.confirmation.cancel', { weeks, copy }),
    canReturnEarly: earlyReturnWeeks(kit, booking, view.now).length > 0,
    returnEarlyTitle: t('kit:cards.confirmation.returnEarly', { weeks, copy }),
    showCalendarTitle: t('kit:cards.confirmation.showCalendar', { kit: kit.name }),
  });
}

/** The loan as an all-day calendar event, from the day it arrives to the day it goes on, in the reader's language. */
export function bookingInvitation(localized: Localized, kit: Kit, booking: Booking): string {
  const { t } = localized;
  const period = loanPeriod(booking, kit.rules);
  const { arrival, departure } = legsAround(kit, booking);
  const lines = [
    weeksWithDates(localized, booking.startWeek, booking.weekCount),
    ...(arrival
      ? [
          t('kit:cards.confirmation.arrives', {
            day: dayLabel(localized, arrival.date),
            from: holderLabel(arrival.from),
          }),
        ]
      : []),
    ...(departure
      ? [
          t('kit:cards.confirmation.leaves', {
            day: dayLabel(localized, departure.date),
            to: holderLabel(departure.to),
          }),
        ]
      : []),
    ...kit.contents.map((item) => `${item.count} × ${item.name}`),
  ];
  return periodInvitation({
    uid: `kit-${kit.kitId}-${booking.bookingId}@fokusgrupper`,
    title: `${kit.copies.find((c) => c.copyId === booking.copyId)?.label ?? kit.name}: ${weeksLabel(localized, booking.startWeek, booking.weekCount)}`,
    description: lines.join('\n'),
    location: booking.libraryName || municipalities.nameOf(booking.municipalityCode),
    firstDate: period.start,
    lastDate: DateTime.fromISO(period.end).minus({ days: 1 }).toISODate()!,
  });
}
