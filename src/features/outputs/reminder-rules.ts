import { DateTime } from 'luxon';
import { stockholmDate, type IsoDate } from '../../platform/dates.js';
import type { OutputStatus } from './schema.js';

/* ------------------------------------------------------------------------------------------------------------
 * Reminders: before an output's due date (e.g. 14 and 3 days before, at 09:00 Swedish time) while it is not
 * submitted. Should the bot have been down on a reminder day, the latest reminder whose time has come is sent
 * instead (never two at once), and none once the due date has passed.
 * ------------------------------------------------------------------------------------------------------------ */

export const REMINDER_HOUR = 9;

export function dueReminder(
  dueDate: IsoDate,
  status: OutputStatus,
  reminderDays: readonly number[],
  now: Date,
): number | undefined {
  if (status === 'submitted' || status === 'approved') return undefined;
  const due = stockholmDate(dueDate);
  if (DateTime.fromJSDate(now) > due.endOf('day')) return undefined;
  const come = reminderDays.filter(
    (days) => DateTime.fromJSDate(now) >= due.minus({ days }).set({ hour: REMINDER_HOUR }),
  );
  return come.length > 0 ? Math.min(...come) : undefined;
}

/** Whole calendar days from today (Stockholm) to the due date: 0 on the day itself. */
export function daysLeft(dueDate: IsoDate, now: Date): number {
  const today = DateTime.fromJSDate(now).setZone(stockholmDate(dueDate).zone).startOf('day');
  return Math.round(stockholmDate(dueDate).diff(today, 'days').days);
}
