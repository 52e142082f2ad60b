import { DateTime } from 'luxon';
import { ZONE, type IsoDate } from '../../platform/dates.js';
import type { Language, TFunction } from '../../platform/i18n.js';
import { municipalities } from '../../platform/municipalities.js';
import type { CheckSummary, Holder } from './handover-rules.js';
import type { Booking, Kit } from './schema.js';
import { addWeeks, dateInWeek, termParts, weekNumber, type IsoWeek } from './weeks.js';

/*
 * The kit's cards (Adaptive Cards 1.5, Action.Execute verbs `kit.*`, see KIT_VERBS in schema.ts), one file per
 * thing shown: kit-form-cards.ts, calendar-cards.ts, confirmation-cards.ts, early-return-cards.ts, offer-cards.ts,
 * handover-cards.ts, fairness-cards.ts, kit-list-cards.ts. This file holds what they share: the labels for days,
 * weeks, terms, copies and libraries, in the reader's language.
 *
 * Every button names what it acts on (the kit, the copy, the weeks), and every input has a label of its own, so a
 * screen reader and a person scanning the card both know which "Cancel" or "Missing" this is. Text people typed
 * (kit, library, item and person names, notes) is escaped by renderCard (platform/teams/cards.ts), as on every card.
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

export function copyLabel(kit: Kit, copyId: string): string {
  return kit.copies.find((copy) => copy.copyId === copyId)?.label ?? copyId;
}

/** "Krokoms bibliotek (Krokom)", or the municipality alone when no library was named. */
export function borrowerLabel(booking: Pick<Booking, 'libraryName' | 'municipalityCode'>): string {
  const municipality = municipalities.nameOf(booking.municipalityCode);
  return booking.libraryName ? `${booking.libraryName} (${municipality})` : municipality;
}

export function holderLabel(holder: Holder): string {
  return holder.kind === 'home' ? holder.library.name : borrowerLabel(holder.booking);
}

export type Fact = { title: string; value: string };

/** What the content check found, one line each for missing and broken items (the received card, copy conditions). */
export function summaryLines(localized: Localized, summary: CheckSummary): { line: string; color: string }[] {
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
