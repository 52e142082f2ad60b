import { createEvent, type DateArray } from 'ics';
import { DateTime } from 'luxon';
import { ZONE } from './dates.js';

export type CalendarMeeting = {
  /** Stable per meeting, so importing a corrected invitation updates the event instead of adding one. */
  uid: string;
  title: string;
  description: string;
  location: string;
  date: string;
  /** "09:00" and "16:00", Swedish time. */
  startTime: string;
  endTime: string;
  /** Bumped when the meeting changes, so calendars take the newer version. */
  sequence?: number;
};

function utcParts(date: string, time: string): DateArray {
  const [hour, minute] = time.split(':').map(Number);
  const instant = DateTime.fromISO(date, { zone: ZONE }).set({ hour, minute }).toUTC();
  return [instant.year, instant.month, instant.day, instant.hour, instant.minute];
}

/**
 * An iCalendar (.ics) invitation for a meeting day. Times are written in UTC, converted from Swedish time, so
 * every calendar shows the right hour whatever its own time zone and on both sides of a DST change.
 */
export function meetingInvitation(meeting: CalendarMeeting): string {
  const { error, value } = createEvent({
    uid: meeting.uid,
    productId: 'fokusgrupper/ics',
    method: 'PUBLISH',
    title: meeting.title,
    description: meeting.description,
    location: meeting.location,
    start: utcParts(meeting.date, meeting.startTime),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: utcParts(meeting.date, meeting.endTime),
    endInputType: 'utc',
    endOutputType: 'utc',
    sequence: meeting.sequence ?? 0,
    status: 'CONFIRMED',
  });
  if (error || !value) throw error ?? new Error('could not build the calendar invitation');
  return value;
}

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';
