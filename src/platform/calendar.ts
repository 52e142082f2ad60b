import { randomBytes } from 'node:crypto';
import { createEvent, type DateArray } from 'ics';
import { stockholmInstant } from './dates.js';
import type { HttpAnswer } from './http/routes.js';

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
  const instant = stockholmInstant(date, time).toUTC();
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

/** Whole days, such as a loan: `lastDate` is the last day it covers (iCalendar's exclusive end is computed). */
export type CalendarPeriod = Omit<CalendarMeeting, 'date' | 'startTime' | 'endTime'> & {
  firstDate: string;
  lastDate: string;
};

function dateParts(isoDate: string): DateArray {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return [year, month, day];
}

/** An all-day iCalendar (.ics) event over whole Swedish calendar days: the same days in every time zone. */
export function periodInvitation(period: CalendarPeriod): string {
  const end = new Date(`${period.lastDate}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 1);
  const { error, value } = createEvent({
    uid: period.uid,
    productId: 'fokusgrupper/ics',
    method: 'PUBLISH',
    title: period.title,
    description: period.description,
    location: period.location,
    start: dateParts(period.firstDate),
    end: dateParts(end.toISOString().slice(0, 10)),
    sequence: period.sequence ?? 0,
    status: 'CONFIRMED',
  });
  if (error || !value) throw error ?? new Error('could not build the calendar invitation');
  return value;
}

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** The secret in a calendar link: the link opens without signing in, so it must not be guessable. */
export function calendarToken(): string {
  return randomBytes(16).toString('base64url');
}

/** The link a card offers: `<public base>/<path…>/<token>.ics`. */
export function calendarUrl(publicBaseUrl: string, path: string[], token: string): string {
  return `${publicBaseUrl}/${path.map(encodeURIComponent).join('/')}/${token}.ics`;
}

/**
 * The answer to a GET for a calendar file: the invitation when the requested file is `<token>.ics` and the token
 * is valid now, otherwise 404 (also when there is no such thing, so a wrong guess learns nothing).
 */
export function calendarAnswer(
  file: string,
  isValid: ((token: string) => boolean) | undefined,
  invitation: () => string,
): HttpAnswer {
  const token = file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : '';
  if (!isValid || !token || !isValid(token))
    return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'Not found' };
  return {
    status: 200,
    contentType: ICS_CONTENT_TYPE,
    body: invitation(),
    headers: { 'content-disposition': 'attachment; filename="fokusgrupp.ics"' },
  };
}
