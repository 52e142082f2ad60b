import { DateTime } from 'luxon';
import { todayInStockholm } from '../../platform/dates.js';
import type { Meeting } from './schema.js';

/** The next meeting from today (today's included), and the latest up to today (for notes). */
export function nextMeeting<T extends Meeting>(meetings: T[], now: Date): T | undefined {
  const today = todayInStockholm(now);
  return [...meetings].sort(byDate).find((m) => m.date >= today);
}

export function latestMeeting<T extends Meeting>(meetings: T[], now: Date): T | undefined {
  const today = todayInStockholm(now);
  return [...meetings]
    .sort(byDate)
    .reverse()
    .find((m) => m.date <= today);
}

function byDate(a: Meeting, b: Meeting): number {
  return a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime);
}

/** The Swedish date of an instant Teams sends (a meeting's StartTime), or of now. */
export function stockholmDay(instant: string | undefined, now: Date): string {
  const parsed = instant ? DateTime.fromISO(instant) : undefined;
  return todayInStockholm(parsed?.isValid ? parsed.toJSDate() : now);
}
