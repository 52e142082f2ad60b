import { DateTime } from 'luxon';
import type { Language } from './language.js';

/** Every date the focus groups talk about is a Swedish calendar date. */
export const ZONE = 'Europe/Stockholm';

/** A calendar date as stored: "2027-03-29". */
export type IsoDate = string;

export function stockholmDate(isoDate: IsoDate): DateTime {
  return DateTime.fromISO(isoDate, { zone: ZONE });
}

export function todayInStockholm(now: Date): IsoDate {
  return DateTime.fromJSDate(now).setZone(ZONE).toISODate()!;
}

/** True while `now` is on or before the given calendar day in Stockholm: a deadline lasts its whole day. */
export function isOnOrBefore(now: Date, lastDay: IsoDate): boolean {
  return DateTime.fromJSDate(now) <= stockholmDate(lastDay).endOf('day');
}

/** "29 mars 2027" in Swedish, "29 March 2027" in English. */
export function formatDate(isoDate: IsoDate, language: Language): string {
  return stockholmDate(isoDate)
    .setLocale(language === 'sv' ? 'sv-SE' : 'en-GB')
    .toLocaleString({ day: 'numeric', month: 'long', year: 'numeric' });
}

export function isValidIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value).isValid;
}

/** A clock time as stored: "09:30". */
export type ClockTime = string;

const CLOCK_TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** "9:00", "9.00" or "09:00", as people write them, read as "09:00"; undefined when it is not a time of day. */
export function clockTime(text: string): ClockTime | undefined {
  const match = CLOCK_TIME.exec(text.trim());
  return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : undefined;
}

/** The instant a Swedish calendar date and clock time name, whichever side of a DST change it falls on. */
export function stockholmInstant(isoDate: IsoDate, time: ClockTime): DateTime {
  const [hour, minute] = time.split(':').map(Number);
  return stockholmDate(isoDate).set({ hour, minute });
}

/** "17 feb. 2027 10:05" / "17 Feb 2027, 10:05": an instant as Swedish time, for logs and expiry notes. */
export function formatMoment(instant: string, language: Language): string {
  return DateTime.fromISO(instant)
    .setZone(ZONE)
    .setLocale(language === 'sv' ? 'sv-SE' : 'en-GB')
    .toLocaleString({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}
