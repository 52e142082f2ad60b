import { DateTime } from 'luxon';
import { periodInvitation } from '../../platform/calendar.js';
import { ZONE, type IsoDate } from '../../platform/dates.js';
import type { Language, TFunction } from '../../platform/i18n.js';
import { municipalities } from '../../platform/municipalities.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import type { KitPlan } from '../outputs/schema.js';
import {
  calendarByWeek,
  earliestStartWeek,
  earlyReturnWeeks,
  holdsWeeks,
  latestStartWeek,
  termOverview,
  waitingOrder,
  type Alternative,
  type CalendarWeek,
  type WeekState,
} from './domain.js';
import {
  checkSummary,
  copyConditions,
  handoverChain,
  loanPeriod,
  type CheckFieldError,
  type CheckSummary,
  type HandoverLeg,
  type HandoverNotice,
  type Holder,
} from './handovers.js';
import type { KitFieldError } from './plan-to-kit.js';
import type { Booking, Kit, Receipt } from './schema.js';
import {
  addWeeks,
  dateInWeek,
  shiftTerm,
  termParts,
  weekNumber,
  weekOf,
  weeksBetween,
  weeksFrom,
  type IsoWeek,
} from './weeks.js';
import kitFormTemplate from './cards/kit-form.json' with { type: 'json' };
import calendarTemplate from './cards/calendar.json' with { type: 'json' };
import confirmationTemplate from './cards/confirmation.json' with { type: 'json' };
import offerTemplate from './cards/offer.json' with { type: 'json' };
import handoverTemplate from './cards/handover.json' with { type: 'json' };
import receivedTemplate from './cards/received.json' with { type: 'json' };
import earlyReturnTemplate from './cards/early-return.json' with { type: 'json' };
import fairnessTemplate from './cards/fairness.json' with { type: 'json' };
import kitListTemplate from './cards/kits.json' with { type: 'json' };

/*
 * The kit's cards (Adaptive Cards 1.5, Action.Execute verbs `kit.*`, see KIT_VERBS in schema.ts). Every button
 * names what it acts on (the kit, the copy, the weeks), and every input has a label of its own, so a screen reader
 * and a person scanning the card both know which "Cancel" or "Missing" this is. Text people typed (kit, library,
 * item and person names, notes) is escaped by renderCard (platform/teams/cards.ts), as on every card.
 */

export type Localized = { t: TFunction; language: Language };

const locale = (language: Language) => (language === 'sv' ? 'sv-SE' : 'en-GB');

function date(language: Language, isoDate: IsoDate): DateTime {
  return DateTime.fromISO(isoDate, { zone: ZONE }).setLocale(locale(language));
}

/** "tisdag 6 april" / "Tuesday 6 April". */
export function dayLabel({ language }: Localized, isoDate: IsoDate): string {
  return date(language, isoDate).toFormat('cccc d LLLL');
}

/** "3 mars 2027 11:00" / "3 March 2027, 11:00", Swedish time. */
export function momentLabel({ language }: Localized, instant: string): string {
  return DateTime.fromISO(instant)
    .setZone(ZONE)
    .setLocale(locale(language))
    .toLocaleString({ day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** "v. 14–15" / "weeks 14–15" (week numbers; the dates beside them settle the year). */
export function weeksLabel({ t }: Localized, startWeek: IsoWeek, weekCount: number): string {
  return weekCount === 1
    ? t('kit:weeks.one', { week: weekNumber(startWeek) })
    : t('kit:weeks.range', { from: weekNumber(startWeek), to: weekNumber(addWeeks(startWeek, weekCount - 1)) });
}

/** "5–18 april" / "29 mars–11 april" / "28 december 2026–10 januari 2027". */
export function datesLabel({ language }: Localized, first: IsoDate, last: IsoDate): string {
  const from = date(language, first);
  const to = date(language, last);
  if (from.year !== to.year) return `${from.toFormat('d LLLL yyyy')}–${to.toFormat('d LLLL yyyy')}`;
  return from.month === to.month
    ? `${from.toFormat('d')}–${to.toFormat('d LLLL')}`
    : `${from.toFormat('d LLLL')}–${to.toFormat('d LLLL')}`;
}

/** "v. 14–15 (5–18 april)": the weeks from Monday of the first to Sunday of the last. */
export function weeksWithDates(localized: Localized, startWeek: IsoWeek, weekCount: number): string {
  const last = addWeeks(startWeek, weekCount - 1);
  return localized.t('kit:weeks.withDates', {
    weeks: weeksLabel(localized, startWeek, weekCount),
    dates: datesLabel(localized, dateInWeek(startWeek, 1), dateInWeek(last, 7)),
  });
}

export function termLabel({ t }: Localized, term: string): string {
  const { year, half } = termParts(term);
  return t(`kit:terms.${half}`, { year });
}

function copyLabel(kit: Kit, copyId: string): string {
  return kit.copies.find((copy) => copy.copyId === copyId)?.label ?? copyId;
}

/** "Krokoms bibliotek (Krokom)", or the municipality alone when no library was named. */
function borrowerLabel(booking: Pick<Booking, 'libraryName' | 'municipalityCode'>): string {
  const municipality = municipalities.nameOf(booking.municipalityCode);
  return booking.libraryName ? `${booking.libraryName} (${municipality})` : municipality;
}

function holderLabel(holder: Holder): string {
  return holder.kind === 'home' ? holder.library.name : borrowerLabel(holder.booking);
}

type Fact = { title: string; value: string };

/* ------------------------------------------------------------------------------------------------------------
 * Creating a kit from an approved plan
 * ------------------------------------------------------------------------------------------------------------ */

export type KitFormView = {
  programmeId: string;
  groupId: string;
  outputId: string;
  groupName: string;
  plan: KitPlan;
  regionCodes: readonly string[];
  /** What the form sent, when it is shown again with errors; defaults from the plan otherwise. */
  values?: Record<string, string | undefined>;
  errors?: Record<string, KitFieldError>;
  /** The kit made from this plan already: the form changes it (its values are in `values`). */
  editing?: { kitName: string };
  /** A line at the top (e.g. "saved"), instead of the form's error note. */
  notice?: string;
};

const TEXT_FIELDS = [
  { id: 'name', maxLength: 200, required: true },
  { id: 'copies', maxLength: 3, required: true },
  { id: 'homeLibrary', maxLength: 200, required: true },
  { id: 'homeAddress', maxLength: 300, required: false },
] as const;

const RULE_FIELDS = ['minLoanWeeks', 'maxLoanWeeks', 'bookAheadWeeks', 'maxWeeksPerTerm', 'offerHours'] as const;

const RULE_DEFAULTS: Record<(typeof RULE_FIELDS)[number], string> = {
  minLoanWeeks: '1',
  maxLoanWeeks: '2',
  bookAheadWeeks: '26',
  maxWeeksPerTerm: '4',
  offerHours: '48',
};

export function kitFormCard(localized: Localized, view: KitFormView): AdaptiveCard {
  const { t } = localized;
  const errors = view.errors ?? {};
  const planName = view.plan.name;
  const value = (id: string, fallback: string) => view.values?.[id] ?? fallback;
  const error = (id: string) => (errors[id] ? t(`kit:fieldErrors.${errors[id]}`) : '');
  const defaults: Record<string, string> = { name: view.plan.name, copies: '1', homeLibrary: '', homeAddress: '' };
  const planFacts = (['loanPeriod', 'whoMayBook', 'pickupAndReturn', 'maintainedBy'] as const)
    .filter((field) => view.plan[field].trim() !== '')
    .map((field) => ({ title: t(`kit:cards.kitForm.${field}`), value: view.plan[field] }));
  return renderCard(kitFormTemplate, {
    text: textsFor(t, 'kit:cards.kitForm', { plan: planName }),
    programmeId: view.programmeId,
    groupId: view.groupId,
    outputId: view.outputId,
    title: view.editing
      ? t('kit:cards.kitForm.editTitle', { kit: view.editing.kitName })
      : t('kit:cards.kitForm.title', { plan: planName }),
    subtitle: view.groupName,
    note: Object.keys(errors).length > 0 ? t('kit:cards.kitForm.formErrors') : (view.notice ?? ''),
    planFacts,
    numberMessage: t('kit:fieldErrors.number'),
    fields: TEXT_FIELDS.map((field) => ({
      ...field,
      label: t(`kit:cards.kitForm.${field.id}`),
      value: value(field.id, defaults[field.id] ?? ''),
      requiredMessage: t('kit:fieldErrors.required'),
      error: error(field.id),
    })),
    homeMunicipality: value('homeMunicipality', view.regionCodes[0] ?? ''),
    homeMunicipalityError: error('homeMunicipality'),
    municipalityChoices: municipalities
      .sortByName([...view.regionCodes], (code) => municipalities.nameOf(code))
      .map((code) => ({ title: municipalities.nameOf(code), value: code })),
    ruleFields: RULE_FIELDS.map((id) => ({
      id,
      label: t(`kit:cards.kitForm.${id}`),
      value: value(id, RULE_DEFAULTS[id]),
      error: error(id),
    })),
    handoverDays: value('handoverDays', '1'),
    handoverDaysError: error('handoverDays'),
    weekdayChoices: [1, 2, 3, 4, 5, 6, 7].map((day) => ({ title: t(`kit:weekdays.${day}`), value: String(day) })),
    contents: view.plan.items.map((item, index) => ({
      n: index + 1,
      label: t('kit:cards.kitForm.countLabel', { n: index + 1, item: item.name }),
      value: value(`count${index + 1}`, String(item.quantity ?? 1)),
      error: error(`count${index + 1}`),
    })),
    createTitle: view.editing
      ? t('kit:cards.kitForm.save', { kit: view.editing.kitName })
      : t('kit:cards.kitForm.create', { plan: planName }),
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * The calendar by week, with booking controls
 * ------------------------------------------------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------------------------------------------------
 * Booking confirmation, with the loan as a calendar (.ics) entry
 * ------------------------------------------------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------------------------------------------------
 * Returning the kit early: the last week kept, then the rest goes to the queue
 * ------------------------------------------------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------------------------------------------------
 * Waiting-list offer
 * ------------------------------------------------------------------------------------------------------------ */

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

/* ------------------------------------------------------------------------------------------------------------
 * Handover notice (three days before) and the "received" content check
 * ------------------------------------------------------------------------------------------------------------ */

function holderFacts(localized: Localized, holder: Holder, role: 'to' | 'from'): Fact[] {
  const { t } = localized;
  const facts: Fact[] = [{ title: t(`kit:cards.handover.${role}`), value: holderLabel(holder) }];
  if (holder.kind === 'loan')
    facts.push({ title: t('kit:cards.handover.contact'), value: holder.booking.contact.name });
  if (holder.kind === 'home' && holder.library.address)
    facts.push({ title: t('kit:cards.handover.address'), value: holder.library.address });
  return facts;
}

export function handoverCard(localized: Localized, view: { kit: Kit; notice: HandoverNotice }): AdaptiveCard {
  const { t } = localized;
  const { kit, notice } = view;
  const { leg } = notice;
  const copy = copyLabel(kit, leg.copyId);
  const day = dayLabel(localized, leg.date);
  const handOn = notice.kind === 'handOn';
  const messageKey = handOn
    ? leg.from.kind === 'home'
      ? 'dispatchText'
      : leg.to.kind === 'home'
        ? 'handOnHomeText'
        : 'handOnText'
    : leg.to.kind === 'home'
      ? 'onItsWayHomeText'
      : 'onItsWayText';
  return renderCard(handoverTemplate, {
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    legId: leg.legId,
    title: t(`kit:cards.handover.${handOn ? 'handOnTitle' : 'onItsWayTitle'}`, { copy }),
    message: t(`kit:cards.handover.${messageKey}`, { copy, day, to: holderLabel(leg.to), from: holderLabel(leg.from) }),
    facts: [
      { title: t('kit:cards.handover.day'), value: day },
      ...(handOn ? holderFacts(localized, leg.to, 'to') : holderFacts(localized, leg.from, 'from')),
    ],
    canConfirm: !handOn,
    confirmTitle: t('kit:cards.handover.confirmReceived', { copy }),
    showCalendarTitle: t('kit:cards.handover.showCalendar', { kit: kit.name }),
  });
}

function summaryLines(localized: Localized, summary: CheckSummary): { line: string; color: string }[] {
  const { t } = localized;
  if (summary.complete) return [{ line: t('kit:cards.received.complete'), color: 'Good' }];
  const list = (problems: CheckSummary['missing']) =>
    problems.map((p) => t('kit:cards.received.problemItem', { count: p.count, item: p.name })).join(', ');
  return [
    ...(summary.missing.length > 0
      ? [{ line: t('kit:cards.received.missingList', { items: list(summary.missing) }), color: 'Attention' }]
      : []),
    ...(summary.broken.length > 0
      ? [{ line: t('kit:cards.received.brokenList', { items: list(summary.broken) }), color: 'Attention' }]
      : []),
  ];
}

export type ReceivedView = {
  kit: Kit;
  leg: HandoverLeg;
  /** What the form sent, shown again with errors. */
  values?: Record<string, string | undefined>;
  errors?: Record<string, CheckFieldError>;
  /** Once recorded: the card shows the check instead of the form. */
  receipt?: Receipt;
  alreadyRecorded?: boolean;
  /** For the administrators told of what was missing or broken: who reported it and where. */
  staffNote?: string;
};

export function receivedCard(localized: Localized, view: ReceivedView): AdaptiveCard {
  const { t } = localized;
  const { kit, leg, receipt } = view;
  const errors = view.errors ?? {};
  const copy = copyLabel(kit, leg.copyId);
  const error = (id: string) => (errors[id] ? t(`kit:fieldErrors.${errors[id]}`) : '');
  return renderCard(receivedTemplate, {
    text: textsFor(t, 'kit:cards.received'),
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    legId: leg.legId,
    title: t('kit:cards.received.title', { copy }),
    subtitle: `${dayLabel(localized, leg.date)} · ${holderLabel(leg.from)} → ${holderLabel(leg.to)}`,
    note: view.staffNote
      ? view.staffNote
      : view.alreadyRecorded
        ? t('kit:cards.received.alreadyRecorded')
        : Object.keys(errors).length > 0
          ? t('kit:cards.received.formErrors')
          : '',
    noteColor: view.alreadyRecorded || view.staffNote ? 'Default' : 'Attention',
    done: receipt !== undefined,
    summaryLines: receipt ? summaryLines(localized, checkSummary(kit.contents, receipt.items)) : [],
    recorded: receipt
      ? t('kit:cards.received.recorded', {
          person: receipt.receivedBy.name,
          at: momentLabel(localized, receipt.receivedAt),
        })
      : '',
    countMessage: t('kit:fieldErrors.count'),
    items: kit.contents.map((item, index) => {
      const n = index + 1;
      const names = { n, item: item.name };
      return {
        n,
        heading: t('kit:cards.received.item', { ...names, count: item.count }),
        missingLabel: t('kit:cards.received.missing', names),
        brokenLabel: t('kit:cards.received.broken', names),
        missing: view.values?.[`missing${n}`] ?? '',
        broken: view.values?.[`broken${n}`] ?? '',
        missingError: error(`missing${n}`),
        brokenError: error(`broken${n}`),
      };
    }),
    noteLabel: t('kit:cards.received.note', { copy }),
    noteValue: view.values?.note ?? '',
    confirmTitle: t('kit:cards.received.confirm', { copy }),
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Staff: fairness per term, and each copy's condition
 * ------------------------------------------------------------------------------------------------------------ */

const FAIRNESS_STATES = {
  none: { key: 'stateNone', color: 'Attention' },
  booked: { key: 'stateBooked', color: 'Default' },
  had: { key: 'stateHad', color: 'Good' },
} as const;

/** Each copy's condition as its latest arrival found it, for staff. */
function conditionLines(localized: Localized, kit: Kit, receipts: readonly Receipt[]) {
  const { t } = localized;
  return copyConditions(kit, receipts).map(({ copyId, receipt, summary }) => ({
    line: receipt
      ? t('kit:cards.fairness.conditionLine', {
          copy: copyLabel(kit, copyId),
          summary: summaryLines(localized, summary)
            .map((s) => s.line)
            .join(' '),
          municipality: municipalities.nameOf(receipt.municipalityCode),
          at: momentLabel(localized, receipt.receivedAt),
        })
      : t('kit:cards.fairness.conditionUnknown', { copy: copyLabel(kit, copyId) }),
    color: summary.complete ? 'Default' : 'Attention',
  }));
}

export function fairnessCard(
  localized: Localized,
  view: { kit: Kit; term: string; now: Date; receipts: readonly Receipt[] },
): AdaptiveCard {
  const { t } = localized;
  const { kit, term } = view;
  const name = kit.name;
  const overview = termOverview(kit, term, view.now);
  const names = (codes: string[]) => municipalities.sortByName(codes.map(municipalities.nameOf), (n) => n).join(', ');
  // The domain puts those without the kit first; within each state, names in Swedish order read best.
  const rank = { none: 0, booked: 1, had: 2 } as const;
  const ordered = municipalities
    .sortByName(overview.rows, (row) => municipalities.nameOf(row.municipalityCode))
    .sort((a, b) => rank[a.state] - rank[b.state]);
  const rows = ordered.map((row) => ({
    name: municipalities.nameOf(row.municipalityCode),
    state: t(`kit:cards.fairness.${FAIRNESS_STATES[row.state].key}`),
    color: FAIRNESS_STATES[row.state].color,
    weeks: t('kit:cards.fairness.row', {
      booked: t('kit:weeks.count', { count: row.weeksBooked }),
      had: t('kit:weeks.count', { count: row.weeksHad }),
    }),
    waiting: row.waiting > 0 ? t('kit:cards.fairness.waiting', { count: row.waiting }) : '',
  }));
  const conditions = conditionLines(localized, kit, view.receipts);
  const previous = shiftTerm(term, -1);
  const next = shiftTerm(term, 1);
  return renderCard(fairnessTemplate, {
    text: textsFor(t, 'kit:cards.fairness'),
    programmeId: kit.programmeId,
    kitId: kit.kitId,
    title: t('kit:cards.fairness.title', { kit: name, term: termLabel(localized, term) }),
    summary:
      overview.notYetHad.length === 0
        ? t('kit:cards.fairness.summaryAll')
        : t('kit:cards.fairness.summary', { count: overview.notYetHad.length, total: kit.regionCodes.length }),
    summaryColor: overview.notYetHad.length === 0 ? 'Good' : 'Attention',
    notYetHad:
      overview.notYetHad.length > 0
        ? t('kit:cards.fairness.notYetHad', { municipalities: names(overview.notYetHad) })
        : '',
    rows,
    conditions,
    previousTerm: previous,
    nextTerm: next,
    previousTitle: t('kit:cards.fairness.previous', { term: termLabel(localized, previous), kit: name }),
    nextTitle: t('kit:cards.fairness.next', { term: termLabel(localized, next), kit: name }),
    showCalendarTitle: t('kit:cards.fairness.showCalendar', { kit: name }),
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Which kit? (`boka kit` when the person may book more than one)
 * ------------------------------------------------------------------------------------------------------------ */

export function kitListCard(localized: Localized, kits: readonly { kit: Kit; programmeName: string }[]): AdaptiveCard {
  const { t } = localized;
  const several = new Set(kits.map((k) => k.kit.programmeId)).size > 1;
  return renderCard(kitListTemplate, {
    title: t('kit:cards.kits.title'),
    kits: kits.map(({ kit, programmeName }) => ({
      programmeId: kit.programmeId,
      kitId: kit.kitId,
      title: several
        ? t('kit:cards.kits.choiceIn', { kit: kit.name, programme: programmeName })
        : t('kit:cards.kits.choice', { kit: kit.name }),
    })),
  });
}
