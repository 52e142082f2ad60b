import { municipalities } from '../../platform/municipalities.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { calendarByWeek, type CalendarWeek, type WeekState } from './calendar-rules.js';
import { copyLabel, momentLabel, weeksLabel, weeksWithDates, type Localized } from './cards.js';
import { earliestStartWeek, holdsWeeks, latestStartWeek, type Alternative } from './domain.js';
import { earlyReturnWeeks } from './early-return-rules.js';
import { waitingOrder } from './queue-rules.js';
import type { Booking, Kit } from './schema.js';
import { addWeeks, weekOf, weeksBetween, weeksFrom, type IsoWeek } from './weeks.js';
import calendarTemplate from './cards/calendar.json' with { type: 'json' };

/* The calendar by week, with booking controls, the viewer's bookings and queue places. */

export const CALENDAR_WEEKS = 10;

const STATE_COLORS: Record<WeekState, string> = { free: 'Good', booked: 'Default', mine: 'Accent', offered: 'Warning' };

export type CalendarView = {
  kit: Kit;
  now: Date;
  /** First week shown; the current week when not given. */
  from?: IsoWeek;
  viewer: { municipalityCode?: string; isStaff: boolean };
  /** A line at the top, e.g. a refusal, and the alternatives that came with it. */
  note?: string;
  noteColor?: 'Good' | 'Attention' | 'Warning';
  alternatives?: Alternative[];
  /** Preselected in the booking inputs (what the person asked for last). */
  selected?: { startWeek?: IsoWeek; weekCount?: number; municipalityCode?: string };
  /**
   * The calendar as posted in the group's conversation, the same for everyone who reads it: no booking inputs,
   * nobody's bookings, and a button that opens the reader's own booking view.
   */
  posted?: boolean;
};

/** The rows: each week with each copy's state (free, which municipality, yours, offered). */
function weekRows(localized: Localized, kit: Kit, weeks: CalendarWeek[]) {
  const { t } = localized;
  const stateText = (state: WeekState, municipalityCode?: string) =>
    t(`kit:states.${state}`, { municipality: municipalityCode ? municipalities.nameOf(municipalityCode) : '' });
  return {
    copyHeadings: kit.copies.length > 1 ? kit.copies.map((copy) => ({ label: copy.label })) : [{ label: kit.name }],
    weeks: weeks.map((week) => ({
      label: weeksWithDates(localized, week.week, 1),
      copies: week.copies.map((copy) => ({
        text: stateText(copy.state, copy.municipalityCode),
        color: STATE_COLORS[copy.state],
      })),
    })),
  };
}

/** At most this many bookings and queue places are listed under the calendar (staff see every municipality's). */
const MAX_LISTED = 12;

type Viewer = CalendarView['viewer'];

function sees(viewer: Viewer, municipalityCode: string): boolean {
  return viewer.isStaff || (viewer.municipalityCode !== undefined && viewer.municipalityCode === municipalityCode);
}

/**
 * A booking's buttons: accept an offer made to us; cancel or move a loan that has not begun; return early a loan
 * in progress that can still be shorter.
 */
function bookingActions(localized: Localized, view: CalendarView, booking: Booking, names: Record<string, string>) {
  const { t } = localized;
  const ours = view.viewer.municipalityCode === booking.municipalityCode;
  if (booking.status === 'offered')
    return ours
      ? [{ title: t('kit:cards.calendar.accept', names), verb: 'kit.acceptOffer', style: 'positive', inputs: 'none' }]
      : [];
  if (booking.startWeek < earliestStartWeek(view.now))
    return earlyReturnWeeks(view.kit, booking, view.now).length > 0
      ? [
          {
            title: t('kit:cards.calendar.returnEarly', names),
            verb: 'kit.returnForm',
            style: 'default',
            inputs: 'none',
          },
        ]
      : [];
  return [
    { title: t('kit:cards.calendar.cancel', names), verb: 'kit.cancel', style: 'destructive', inputs: 'none' },
    { title: t('kit:cards.calendar.move', names), verb: 'kit.move', style: 'default', inputs: 'auto' },
  ];
}

/** The bookings the viewer may act on from `from` on: their municipality's, or (staff) everyone's. */
function listedBookings(localized: Localized, view: CalendarView, from: IsoWeek) {
  const { t } = localized;
  const { kit, viewer } = view;
  return kit.bookings
    .filter((b) => holdsWeeks(b) && sees(viewer, b.municipalityCode))
    .filter((b) => addWeeks(b.startWeek, b.weekCount - 1) >= from)
    .sort((a, b) => a.startWeek.localeCompare(b.startWeek))
    .slice(0, MAX_LISTED)
    .map((booking) => {
      const names = {
        weeks: weeksLabel(localized, booking.startWeek, booking.weekCount),
        copy: copyLabel(kit, booking.copyId),
        municipality: municipalities.nameOf(booking.municipalityCode),
      };
      const label =
        booking.status === 'offered'
          ? t('kit:cards.calendar.yourOffer', { ...names, deadline: momentLabel(localized, booking.offer!.expiresAt) })
          : t(viewer.isStaff ? 'kit:cards.calendar.theirBooking' : 'kit:cards.calendar.yourBooking', {
              ...names,
              weeks: weeksWithDates(localized, booking.startWeek, booking.weekCount),
            });
      // Inside the actions' own data scope the template cannot see the booking: each action carries its id.
      const actions = bookingActions(localized, view, booking, names).map((a) => ({
        ...a,
        bookingId: booking.bookingId,
      }));
      return { label, actions };
    });
}

/** Queue places the viewer may leave: their municipality's, or (staff) everyone's. */
function listedQueuePlaces(localized: Localized, view: CalendarView) {
  const { t } = localized;
  const { kit, viewer, now } = view;
  return waitingOrder(kit, now)
    .map((entry, index) => ({ entry, position: index + 1 }))
    .filter(({ entry }) => sees(viewer, entry.municipalityCode))
    .slice(0, MAX_LISTED)
    .map(({ entry, position }) => {
      const weeks = weeksLabel(localized, entry.startWeek, entry.weekCount);
      return {
        entryId: entry.entryId,
        label: t('kit:cards.calendar.queuePlace', {
          weeks: weeksWithDates(localized, entry.startWeek, entry.weekCount),
          position,
          municipality: municipalities.nameOf(entry.municipalityCode),
        }),
        actionTitle: t('kit:cards.calendar.leaveQueue', { weeks, kit: kit.name }),
      };
    });
}

/** The booking inputs: bookable start weeks, loan lengths, copies, and (for staff) the borrowing municipality. */
function bookingControls(localized: Localized, view: CalendarView, weeks: CalendarWeek[]) {
  const { t } = localized;
  const { kit, now, viewer } = view;
  const earliest = earliestStartWeek(now);
  const bookable = weeksFrom(earliest, Math.max(0, weeksBetween(earliest, latestStartWeek(kit, now)) + 1));
  const { minLoanWeeks, maxLoanWeeks } = kit.rules;
  return {
    canBook: !view.posted && bookable.length > 0 && (viewer.isStaff || viewer.municipalityCode !== undefined),
    isStaff: viewer.isStaff,
    municipalityCode: view.selected?.municipalityCode ?? (viewer.isStaff ? '' : (viewer.municipalityCode ?? '')),
    municipalityChoices: municipalities
      .sortByName([...kit.regionCodes], (code) => municipalities.nameOf(code))
      .map((code) => ({ title: municipalities.nameOf(code), value: code })),
    startWeek: view.selected?.startWeek ?? weeks.find((w) => w.freeCopies > 0 && w.week >= earliest)?.week ?? earliest,
    weekChoices: bookable.map((week) => ({ title: weeksWithDates(localized, week, 1), value: week })),
    weekCount: String(view.selected?.weekCount ?? minLoanWeeks),
    lengthChoices: Array.from({ length: maxLoanWeeks - minLoanWeeks + 1 }, (_, index) => ({
      title: t('kit:weeks.count', { count: minLoanWeeks + index }),
      value: String(minLoanWeeks + index),
    })),
    copyChoices: [
      { title: t('kit:cards.calendar.anyCopy'), value: 'any' },
      ...kit.copies.map((copy) => ({ title: copy.label, value: copy.copyId })),
    ],
  };
}

export function calendarCard(localized: Localized, view: CalendarView): AdaptiveCard {
  const { t } = localized;
  const { kit } = view;
  const name = kit.name;
  const from = view.from ?? weekOf(view.now);
  const weeks = calendarByWeek(kit, from, CALENDAR_WEEKS, view.viewer.municipalityCode);
  return renderCard(calendarTemplate, {
    text: textsFor(t, 'kit:cards.calendar'),
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    title: t('kit:cards.calendar.title', { kit: name }),
    summary: t('kit:cards.calendar.summary', {
      copies: t('kit:cards.calendar.copies', { count: kit.copies.length }),
      min: kit.rules.minLoanWeeks,
      max: kit.rules.maxLoanWeeks,
      perTerm: kit.rules.maxWeeksPerTerm,
    }),
    note: view.note ?? '',
    noteColor: view.noteColor ?? 'Attention',
    alternatives: (view.alternatives ?? []).map((alternative) => ({
      ...alternative,
      weekCount: String(alternative.weekCount),
      title: t('kit:cards.calendar.bookAlternative', {
        weeks: weeksWithDates(localized, alternative.startWeek, alternative.weekCount),
        copy: copyLabel(kit, alternative.copyId),
      }),
    })),
    ...weekRows(localized, kit, weeks),
    earlierTitle: t('kit:cards.calendar.earlier', { kit: name }),
    earlierFrom: addWeeks(from, -CALENDAR_WEEKS),
    laterTitle: t('kit:cards.calendar.later', { kit: name }),
    laterFrom: addWeeks(from, CALENDAR_WEEKS),
    mineHeading: t(view.viewer.isStaff ? 'kit:cards.calendar.bookings' : 'kit:cards.calendar.yours'),
    mine: view.posted ? [] : listedBookings(localized, view, from),
    queued: view.posted ? [] : listedQueuePlaces(localized, view),
    posted: view.posted ?? false,
    openTitle: t('kit:cards.calendar.open', { kit: name }),
    ...bookingControls(localized, view, weeks),
    bookTitle: t('kit:cards.calendar.bookKit', { kit: name }),
    queueTitle: t('kit:cards.calendar.queueKit', { kit: name }),
    fairnessTitle: t('kit:cards.calendar.fairness', { kit: name }),
    postTitle: t('kit:cards.calendar.post', { kit: name }),
  });
}
