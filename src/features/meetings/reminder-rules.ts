import { stockholmDate, stockholmInstant } from '../../platform/dates.js';
import { Refusal } from '../../platform/refusal.js';
import type { Meeting, Reminders } from './schema.js';

export const MAX_REMINDERS = 3;
export const MAX_DAYS_BEFORE = 60;
/** Reminders go out in the daytime, Swedish time. */
export const REMINDER_HOURS = Array.from({ length: 15 }, (_, i) => i + 6);

/** "7, 1" and "9": reminders a week and a day before, at nine. */
export function readReminders(days: string, hour: string): Reminders {
  const values = days.split(/[\s,;]+/).filter(Boolean);
  const numbers = values.map(Number);
  if (numbers.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_DAYS_BEFORE)) {
    throw new Refusal('meetings:errors.badReminderDays', { max: MAX_DAYS_BEFORE });
  }
  const daysBefore = [...new Set(numbers)].sort((a, b) => b - a);
  if (daysBefore.length > MAX_REMINDERS) throw new Refusal('meetings:errors.tooManyReminders', { max: MAX_REMINDERS });
  const hourNumber = Number(hour);
  if (!REMINDER_HOURS.includes(hourNumber)) throw new Refusal('meetings:errors.badReminderHour');
  return { daysBefore, hour: hourNumber };
}

/** When a reminder `daysBefore` the meeting goes out: at the reminder hour, Swedish time, that many calendar days before. */
export function reminderDueAt(date: string, daysBefore: number, hour: number): Date {
  return stockholmDate(date).minus({ days: daysBefore }).set({ hour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

const REMINDER_WINDOW_MS = 24 * 3600_000;

/**
 * The reminders of a published meeting due at `now`. Each is due for a day from its time, and only before the
 * meeting starts: a reminder missed for a day, or one already due when the agenda was published, is not sent late.
 */
export function dueReminderDays(meeting: Meeting, now: Date): number[] {
  if (meeting.status !== 'published' || !meeting.publishedAt) return [];
  const start = stockholmInstant(meeting.date, meeting.startTime).toJSDate();
  if (now >= start) return [];
  const published = new Date(meeting.publishedAt);
  return meeting.reminders.daysBefore.filter((days) => {
    const due = reminderDueAt(meeting.date, days, meeting.reminders.hour);
    return due <= now && now.getTime() - due.getTime() < REMINDER_WINDOW_MS && due >= published;
  });
}

/** A reminder's job key names the meeting, its date and the reminder, so a moved meeting is reminded anew. */
export function reminderKey(meeting: Meeting, daysBefore: number): string {
  return `meeting-reminder:${meeting.meetingId}:${meeting.date}:${daysBefore}`;
}
