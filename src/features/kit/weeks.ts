import { DateTime } from 'luxon';
import { ZONE, type IsoDate } from '../../platform/dates.js';

/**
 * Weeks and terms as Swedish libraries count them: ISO weeks (Monday to Sunday) and two terms a year. A week
 * belongs to the term and year of its Thursday, like the ISO week year itself, so week 1 of 2027 is spring 2027
 * even though it starts on 4 January and week 53 of 2026 is autumn 2026. Stored weeks ("2027-W09") sort as text.
 *
 * Only "which week is it now" depends on the time zone (luxon, Europe/Stockholm). Week arithmetic is on calendar
 * dates and is done with plain numbers, cached per week: a booking check runs it thousands of times (every
 * alternative is checked against every rule), and luxon there made one refused booking cost 80 ms.
 */

/** An ISO week as stored: "2027-W14". */
export type IsoWeek = string;
/** "2027-spring" (January to June) or "2027-autumn" (July to December), by the week's Thursday. */
export type TermId = string;
export type TermHalf = 'spring' | 'autumn';

const DAY = 86_400_000;
const WEEK = 7 * DAY;
/** Monday 5 January 1970: week numbers are counted from here. */
const EPOCH_MONDAY = Date.UTC(1970, 0, 5);
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

const indexByWeek = new Map<IsoWeek, number>();
const weekByIndex = new Map<number, IsoWeek>();

/** The week's Monday (UTC midnight of that calendar date), without checking that the week exists. */
function mondayOf(year: number, week: number): number {
  const january4 = Date.UTC(year, 0, 4); // always in week 1
  const weekday = (new Date(january4).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return january4 - weekday * DAY + (week - 1) * WEEK;
}

function weekAt(index: number): IsoWeek {
  let week = weekByIndex.get(index);
  if (week === undefined) {
    const thursday = new Date(EPOCH_MONDAY + index * WEEK + 3 * DAY);
    const year = thursday.getUTCFullYear();
    const number = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK) + 1;
    week = `${year}-W${String(number).padStart(2, '0')}`;
    weekByIndex.set(index, week);
  }
  return week;
}

/** Weeks counted from 1970; throws on text that is not an existing ISO week. */
function indexOf(week: IsoWeek): number {
  let index = indexByWeek.get(week);
  if (index === undefined) {
    const match = ISO_WEEK.exec(week);
    if (!match) throw new Error(`not an ISO week: ${week}`);
    index = Math.round((mondayOf(Number(match[1]), Number(match[2])) - EPOCH_MONDAY) / WEEK);
    if (weekAt(index) !== week) throw new Error(`no such week: ${week}`);
    if (indexByWeek.size > 10_000) indexByWeek.clear();
    indexByWeek.set(week, index);
  }
  return index;
}

/** True for a week that exists: "2026-W53" does, "2027-W53" does not. */
export function isValidIsoWeek(text: string): boolean {
  if (!ISO_WEEK.test(text)) return false;
  try {
    indexOf(text);
    return true;
  } catch {
    return false;
  }
}

let lastInstant: { at: number; week: IsoWeek } | undefined;

/** The week an instant falls in, in Sweden: Sunday 22:30 UTC in summer is already Monday there. */
export function weekOf(instant: Date): IsoWeek {
  if (lastInstant?.at !== instant.getTime()) {
    const local = DateTime.fromJSDate(instant).setZone(ZONE);
    lastInstant = { at: instant.getTime(), week: weekOfDate(local.toISODate()!) };
  }
  return lastInstant.week;
}

export function weekOfDate(date: IsoDate): IsoWeek {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return weekAt(Math.floor((Date.UTC(year, month - 1, day) - EPOCH_MONDAY) / WEEK));
}

export function addWeeks(week: IsoWeek, count: number): IsoWeek {
  return weekAt(indexOf(week) + count);
}

/** `count` consecutive weeks from `start`. */
export function weeksFrom(start: IsoWeek, count: number): IsoWeek[] {
  const first = indexOf(start);
  return Array.from({ length: count }, (_, offset) => weekAt(first + offset));
}

/** How many weeks `to` is after `from` (negative when before). */
export function weeksBetween(from: IsoWeek, to: IsoWeek): number {
  return indexOf(to) - indexOf(from);
}

/** The week's number as people say it: "2027-W05" → 5. */
export function weekNumber(week: IsoWeek): number {
  return Number(week.slice(6));
}

/** The date of an ISO weekday (1 = Monday … 7 = Sunday) in the week. */
export function dateInWeek(week: IsoWeek, weekday: number): IsoDate {
  return new Date(EPOCH_MONDAY + indexOf(week) * WEEK + (weekday - 1) * DAY).toISOString().slice(0, 10);
}

const termByWeek = new Map<IsoWeek, TermId>();

export function termOf(week: IsoWeek): TermId {
  let term = termByWeek.get(week);
  if (term === undefined) {
    const thursday = new Date(EPOCH_MONDAY + indexOf(week) * WEEK + 3 * DAY);
    term = `${thursday.getUTCFullYear()}-${thursday.getUTCMonth() < 6 ? 'spring' : 'autumn'}`;
    if (termByWeek.size > 10_000) termByWeek.clear();
    termByWeek.set(week, term);
  }
  return term;
}

export function termParts(term: TermId): { year: number; half: TermHalf } {
  const [year, half] = term.split('-') as [string, TermHalf];
  return { year: Number(year), half };
}

/** The first week whose Thursday is in January (ISO week 1) or in July. */
function firstWeekOf(year: number, half: TermHalf): IsoWeek {
  const first = Date.UTC(year, half === 'spring' ? 0 : 6, 1);
  const weekday = new Date(first).getUTCDay() || 7; // Monday 1 … Sunday 7
  const thursday = first + ((4 - weekday + 7) % 7) * DAY;
  return weekAt(Math.floor((thursday - EPOCH_MONDAY) / WEEK));
}

/** The term's first and last week. */
export function termWeeks(term: TermId): { first: IsoWeek; last: IsoWeek } {
  const { year, half } = termParts(term);
  const next = half === 'spring' ? firstWeekOf(year, 'autumn') : firstWeekOf(year + 1, 'spring');
  return { first: firstWeekOf(year, half), last: addWeeks(next, -1) };
}

/** The term `count` terms after (or before, when negative) `term`. */
export function shiftTerm(term: TermId, count: number): TermId {
  const { year, half } = termParts(term);
  const index = year * 2 + (half === 'spring' ? 0 : 1) + count;
  return `${Math.floor(index / 2)}-${index % 2 === 0 ? 'spring' : 'autumn'}`;
}
