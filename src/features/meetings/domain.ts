import { clockTime, isValidIsoDate, todayInStockholm } from '../../platform/dates.js';
import { echo } from '../../platform/echo.js';
import { Refusal } from '../../platform/refusal.js';
import { slugify } from '../../platform/slug.js';
import type { Person } from '../programmes/schema.js';
import { MAX_TITLE } from './programme-lines.js';
import type { AgendaItem, Meeting, Reminders, Session } from './schema.js';

export const MAX_ITEMS = 40;
export const MAX_SESSIONS = 6;
export const MAX_PRESENTERS = 10;
export const MAX_LINKS = 10;
export { MAX_TITLE };
export const MAX_DESCRIPTION = 2000;
export const MAX_PLACE = 500;

/** What the meeting form says about the day, already read: dates, times and sessions are checked here. */
export type MeetingDetails = {
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  sessions: Session[];
  reminders: Reminders;
};

/** What changed in an agenda, said in one short line to the group when the posted card is updated. */
export type AgendaChange =
  | { kind: 'itemAdded' | 'itemChanged' | 'itemMoved' | 'itemRemoved'; title: string }
  /** An edited item whose new time did not fit where it stood: it moved to its time, after `after` (or first). */
  | { kind: 'itemRescheduled'; title: string; time: string; after?: string }
  | { kind: 'itemsAdded'; count: number }
  | {
      kind: 'details';
      title?: string;
      date?: { from: string; to: string };
      time?: { start: string; end: string };
      place?: string;
      sessions?: true;
    };

export type Changed = { meeting: Meeting; change: AgendaChange | undefined };

export function readTime(text: string): string {
  const time = clockTime(text);
  if (!time) throw new Refusal('meetings:errors.badTime', { value: echo(text) });
  return time;
}

const DEFAULT_SESSION_WORDS: Record<string, 'morning' | 'afternoon'> = {
  förmiddag: 'morning',
  fm: 'morning',
  morning: 'morning',
  eftermiddag: 'afternoon',
  em: 'afternoon',
  afternoon: 'afternoon',
};

export function defaultSessions(part: 'fullDay' | 'morning' | 'afternoon' = 'fullDay'): Session[] {
  const kinds = part === 'fullDay' ? (['morning', 'afternoon'] as const) : [part];
  return kinds.map((kind) => ({ id: kind, kind, title: '' }));
}

/**
 * The form's sessions, one per line: "Förmiddag"/"Morning" and "Eftermiddag"/"Afternoon" are the day's usual
 * halves (shown in each reader's language), anything else is a session of its own name. None means both halves.
 */
export function readSessions(lines: string): Session[] {
  const sessions: Session[] = [];
  for (const line of lines
    .split('\n')
    .map((l) => l.trim().replace(/:$/, ''))
    .filter(Boolean)) {
    const kind = DEFAULT_SESSION_WORDS[line.toLowerCase()];
    const session: Session = kind
      ? { id: kind, kind, title: '' }
      : { id: `s-${slugify(line)}`, kind: 'custom', title: line.slice(0, 100) };
    if (!sessions.some((s) => s.id === session.id)) sessions.push(session);
  }
  if (sessions.length > MAX_SESSIONS) throw new Refusal('meetings:errors.tooManySessions', { max: MAX_SESSIONS });
  return sessions.length > 0 ? sessions : defaultSessions();
}

/** The Teams meeting chat a Teams meeting link opens ("…/meetup-join/19%3ameeting_…%40thread.v2/…"), if it is one. */
export function meetingChatIdOf(place: string): string | undefined {
  const match = /\/meetup-join\/([^/?#\s]+)/.exec(place);
  if (!match) return undefined;
  try {
    const id = decodeURIComponent(match[1]!);
    return /^19:meeting_[^@\s]+@thread\.v2$/.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

export function readDetails(
  input: { title: string; date: string; startTime: string; endTime: string; place: string; sessions: string },
  reminders: Reminders,
): MeetingDetails {
  const date = input.date.trim();
  if (!isValidIsoDate(date)) throw new Refusal('meetings:errors.badDate');
  const startTime = readTime(input.startTime);
  const endTime = readTime(input.endTime);
  if (endTime <= startTime) throw new Refusal('meetings:errors.endBeforeStart');
  const title = input.title.trim();
  if (title.length > MAX_TITLE) throw new Refusal('meetings:errors.titleTooLong', { max: MAX_TITLE });
  const place = input.place.trim();
  if (place.length > MAX_PLACE) throw new Refusal('meetings:errors.placeTooLong', { max: MAX_PLACE });
  return { title, date, startTime, endTime, place, sessions: readSessions(input.sessions), reminders };
}

function requireNotPast(date: string, now: Date): void {
  if (date < todayInStockholm(now)) throw new Refusal('meetings:errors.dateInPast');
}

function chatOf(place: string): { meetingChatId?: string } {
  const meetingChatId = meetingChatIdOf(place);
  return meetingChatId ? { meetingChatId } : {};
}

export function createMeeting(
  details: MeetingDetails,
  where: { programmeId: string; groupId: string; fromPollId?: string },
  ids: { meetingId: string; calendarToken: string },
  creator: Person,
  now: Date,
): Meeting {
  requireNotPast(details.date, now);
  const timestamp = now.toISOString();
  return {
    id: ids.meetingId,
    type: 'meeting',
    meetingId: ids.meetingId,
    programmeId: where.programmeId,
    groupId: where.groupId,
    ...(where.fromPollId ? { fromPollId: where.fromPollId } : {}),
    ...details,
    ...chatOf(details.place),
    items: [],
    calendarToken: ids.calendarToken,
    sequence: 0,
    status: 'draft',
    createdBy: creator,
    createdAt: timestamp,
    updatedAt: timestamp,
  };
}

/** A changed meeting: its sequence one further, updated now. */
export function touched(meeting: Meeting, now: Date): Meeting {
  return { ...meeting, sequence: meeting.sequence + 1, updatedAt: now.toISOString() };
}

/** New day, times, place or sessions: the agenda must still fit, and a session may go only once it is empty. */
export function changeDetails(meeting: Meeting, details: MeetingDetails, now: Date): Changed {
  if (details.date !== meeting.date) requireNotPast(details.date, now);
  const renamed = renamedSessions(meeting.sessions, details.sessions);
  const items = meeting.items.map((item) =>
    renamed.has(item.sessionId) ? { ...item, sessionId: renamed.get(item.sessionId)! } : item,
  );
  const orphan = items.find((item) => !details.sessions.some((s) => s.id === item.sessionId));
  if (orphan) throw new Refusal('meetings:errors.sessionHasItems', { title: orphan.title });
  const { meetingChatId: _previous, ...rest } = meeting;
  const next = touched(
    { ...rest, ...details, ...chatOf(details.place), items: inAgendaOrder(items, details.sessions) },
    now,
  );
  checkAgenda(next);
  const sameSessions = JSON.stringify(details.sessions) === JSON.stringify(meeting.sessions);
  const change: AgendaChange = {
    kind: 'details',
    ...(details.title !== meeting.title ? { title: details.title } : {}),
    ...(details.date !== meeting.date ? { date: { from: meeting.date, to: details.date } } : {}),
    ...(details.startTime !== meeting.startTime || details.endTime !== meeting.endTime
      ? { time: { start: details.startTime, end: details.endTime } }
      : {}),
    ...(details.place !== meeting.place ? { place: details.place } : {}),
    ...(sameSessions ? {} : { sessions: true as const }),
  };
  return { meeting: next, change: Object.keys(change).length > 1 ? change : undefined };
}

/** A session whose name changed in place (same line of the form, old name gone, new name new) keeps its items. */
function renamedSessions(before: Session[], after: Session[]): Map<string, string> {
  const renamed = new Map<string, string>();
  before.forEach((old, index) => {
    const now = after[index];
    if (now && now.id !== old.id && !after.some((s) => s.id === old.id) && !before.some((s) => s.id === now.id))
      renamed.set(old.id, now.id);
  });
  return renamed;
}

/** Items by session, in the sessions' order; within a session they keep their positions. */
export function inAgendaOrder(items: AgendaItem[], sessions: Session[]): AgendaItem[] {
  const index = (item: AgendaItem) => sessions.findIndex((s) => s.id === item.sessionId);
  return items
    .map((item, position) => ({ item, position }))
    .sort((a, b) => index(a.item) - index(b.item) || a.position - b.position)
    .map(({ item }) => item);
}

/**
 * The rules every agenda keeps, checked after each change so that a refused change stores nothing: a title on
 * every item, each time within the day, and times that never go backwards from one item to the next.
 */
export function checkAgenda(meeting: Meeting): void {
  if (meeting.items.length > MAX_ITEMS) throw new Refusal('meetings:errors.tooManyItems', { max: MAX_ITEMS });
  let previous: AgendaItem | undefined;
  for (const item of meeting.items) {
    if (!item.title.trim()) throw new Refusal('meetings:errors.titleRequired');
    if (!meeting.sessions.some((s) => s.id === item.sessionId)) throw new Refusal('meetings:errors.unknownSession');
    if (!item.startTime) continue;
    if (item.startTime < meeting.startTime || item.startTime > meeting.endTime) {
      throw new Refusal('meetings:errors.timeOutsideDay', {
        title: item.title,
        time: item.startTime,
        start: meeting.startTime,
        end: meeting.endTime,
      });
    }
    if (previous?.startTime && item.startTime < previous.startTime) {
      throw new Refusal('meetings:errors.timesOutOfOrder', {
        title: item.title,
        time: item.startTime,
        before: previous.title,
        beforeTime: previous.startTime,
      });
    }
    previous = item;
  }
}

/** The session a heading names: "Eftermiddag" or "Afternoon", or a custom session's own name. */
export function sessionNamed(sessions: Session[], heading: string): string | undefined {
  const wanted = heading.trim().replace(/:$/, '').toLowerCase();
  const kind = DEFAULT_SESSION_WORDS[wanted];
  return sessions.find((s) => (kind ? s.kind === kind : s.kind === 'custom' && s.title.toLowerCase() === wanted))?.id;
}

/** Published from now on; its agenda card is on its way under the outbox key `postKey` (see sharing.ts). */
export function publish(meeting: Meeting, postKey: string, now: Date): Meeting {
  const { posted: _earlier, ...rest } = meeting;
  return {
    ...rest,
    status: 'published',
    publishedAt: meeting.publishedAt ?? now.toISOString(),
    postKey,
    updatedAt: now.toISOString(),
  };
}

/**
 * Its agenda card could not be posted (under `postKey`): a draft again, to be published again. Undefined when that
 * post is no longer the meeting's or arrived after all.
 */
export function unpublish(meeting: Meeting, postKey: string): Meeting | undefined {
  if (meeting.postKey !== postKey || meeting.posted) return undefined;
  const { postKey: _failed, publishedAt: _at, ...rest } = meeting;
  return { ...rest, status: 'draft' };
}
