import { DateTime } from 'luxon';
import { getHolidays } from 'swedish-holidays';
import { ZONE } from '../../platform/dates.js';

/**
 * Days a focus group cannot meet although they are not public holidays by law: Swedish working life treats
 * them as days off (they count as Sundays under the Working Hours Act).
 */
const DAYS_OFF = new Set(['Midsommarafton', 'Julafton', 'Nyårsafton']);

function daysOff(year: number): Set<string> {
  return new Set(
    getHolidays(year)
      .filter((holiday) => holiday.isPublicHoliday || DAYS_OFF.has(holiday.name))
      .map((holiday) =>
        DateTime.fromObject({ year: holiday.year, month: holiday.month, day: holiday.day }).toISODate()!,
      ),
  );
}

export const MAX_CANDIDATE_DAYS = 120;

/**
 * Weekdays from `from` to `to` (inclusive) on which a group can meet: no weekends, no public holidays, no
 * Midsummer, Christmas or New Year's Eve. `weekdays` (1 = Monday ... 5 = Friday) narrows it further.
 */
export function candidateDays(from: string, to: string, weekdays: number[] = [1, 2, 3, 4, 5]): string[] {
  const start = DateTime.fromISO(from, { zone: ZONE });
  const end = DateTime.fromISO(to, { zone: ZONE });
  if (!start.isValid || !end.isValid || end < start) return [];
  const closed = new Map<number, Set<string>>();
  const days: string[] = [];
  for (let day = start; day <= end && days.length < MAX_CANDIDATE_DAYS; day = day.plus({ days: 1 })) {
    if (!weekdays.includes(day.weekday) || day.weekday > 5) continue;
    if (!closed.has(day.year)) closed.set(day.year, daysOff(day.year));
    const iso = day.toISODate();
    if (!closed.get(day.year)!.has(iso)) days.push(iso);
  }
  return days;
}
