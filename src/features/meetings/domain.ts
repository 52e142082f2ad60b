import { DateTime } from 'luxon';
import { clockTime, isValidIsoDate, stockholmDate, stockholmInstant, todayInStockholm } from '../../platform/dates.js';
import { Refusal } from '../../platform/refusal.js';
import { slugify } from '../../platform/slug.js';
import { isMemberOf } from '../membership/domain.js';
import type { Membership } from '../membership/schema.js';
import { canOverview } from '../programmes/domain.js';
import type { Person, Programme } from '../programmes/schema.js';
import { MAX_TITLE } from './programme-lines.js';
import { presenterInForm } from './presenter-text.js';
import { linkInForm, type ItemText, type ProgrammeEntry } from './programme-text.js';
import type { AgendaItem, Link, Meeting, Reminders, Session } from './schema.js';
import { echo } from '../../platform/echo.js';

export const MAX_ITEMS = 40;
export const MAX_SESSIONS = 6;
export const MAX_PRESENTERS = 10;
export const MAX_LINKS = 10;
export { MAX_TITLE };
export const MAX_DESCRIPTION = 2000;
export const MAX_PLACE = 500;
export const MAX_REMINDERS = 3;
export const MAX_DAYS_BEFORE = 60;
/** Reminders go out in the daytime, Swedish time. */
export const REMINDER_HOURS = Array.from({ length: 15 }, (_, i) => i + 6);

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

function touched(meeting: Meeting, now: Date): Meeting {
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

/** An item from the item form or from pasted text, checked on its own (the agenda is checked once it is placed). */
export function buildItem(id: string, sessionId: string, text: ItemText): AgendaItem {
  const title = text.title.trim();
  if (!title) throw new Refusal('meetings:errors.titleRequired');
  if (title.length > MAX_TITLE)
    throw new Refusal('meetings:errors.itemTitleTooLong', { title: echo(title, 40), max: MAX_TITLE });
  const description = text.description.trim();
  if (description.length > MAX_DESCRIPTION)
    throw new Refusal('meetings:errors.descriptionTooLong', { title, max: MAX_DESCRIPTION });
  if (text.presenters.length > MAX_PRESENTERS)
    throw new Refusal('meetings:errors.tooManyPresenters', { title, max: MAX_PRESENTERS });
  if (text.links.length > MAX_LINKS) throw new Refusal('meetings:errors.tooManyLinks', { title, max: MAX_LINKS });
  return {
    id,
    sessionId,
    ...(text.startTime ? { startTime: text.startTime } : {}),
    title,
    description,
    presenters: text.presenters,
    links: text.links,
  };
}

/** The item form's fields: a time (or none), presenters and links one per line. */
export function readItemForm(input: {
  startTime: string;
  title: string;
  description: string;
  presenters: string;
  links: string;
}): ItemText {
  const lines = (text: string) =>
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  return {
    ...(input.startTime.trim() ? { startTime: readTime(input.startTime) } : {}),
    title: input.title,
    description: input.description,
    presenters: lines(input.presenters).map(presenterInForm),
    links: lines(input.links).map(linkInForm),
  };
}

function requireSession(meeting: Meeting, sessionId: string): string {
  if (!meeting.sessions.some((s) => s.id === sessionId)) throw new Refusal('meetings:errors.unknownSession');
  return sessionId;
}

function requireItem(meeting: Meeting, itemId: string): AgendaItem {
  if (!itemId) throw new Refusal('meetings:errors.chooseItem');
  const item = meeting.items.find((i) => i.id === itemId);
  if (!item) throw new Refusal('meetings:errors.unknownItem');
  return item;
}

/** The position just after the last item of a session (items in agenda order). */
function endOfSession(items: AgendaItem[], sessionId: string, sessions: Session[]): number {
  const index = (id: string) => sessions.findIndex((s) => s.id === id);
  const after = items.findIndex((i) => index(i.sessionId) > index(sessionId));
  return after === -1 ? items.length : after;
}

function insertAt(items: AgendaItem[], at: number, item: AgendaItem): AgendaItem[] {
  return [...items.slice(0, at), item, ...items.slice(at)];
}

/**
 * Places an item in its session: before the first item there that starts later, or last in the session when
 * it has no time or nothing starts later. So a timed item lands where its time says, an untimed one at the end.
 */
function place(items: AgendaItem[], item: AgendaItem, sessions: Session[]): AgendaItem[] {
  const others = inAgendaOrder(
    items.filter((i) => i.id !== item.id),
    sessions,
  );
  const later = item.startTime
    ? others.findIndex(
        (i) => i.sessionId === item.sessionId && i.startTime !== undefined && i.startTime > item.startTime!,
      )
    : -1;
  return insertAt(others, later !== -1 ? later : endOfSession(others, item.sessionId, sessions), item);
}

export function addItem(meeting: Meeting, item: AgendaItem, now: Date): Changed {
  requireSession(meeting, item.sessionId);
  const next = touched({ ...meeting, items: place(meeting.items, item, meeting.sessions) }, now);
  checkAgenda(next);
  return { meeting: next, change: { kind: 'itemAdded', title: item.title } };
}

/** True when the item's time keeps the agenda's times in order where the item stands (an untimed one always does). */
function fitsWhereItIs(items: AgendaItem[], item: AgendaItem): boolean {
  if (!item.startTime) return true;
  const at = items.findIndex((i) => i.id === item.id);
  const before = items.slice(0, at).findLast((i) => i.startTime !== undefined);
  const after = items.slice(at + 1).find((i) => i.startTime !== undefined);
  return (!before || before.startTime! <= item.startTime) && (!after || after.startTime! >= item.startTime);
}

/**
 * An edited item keeps the place the coordinator gave it when its time fits there, so giving an item a time
 * never moves it silently. A time that does not fit moves it to where that time belongs in its session, and the
 * change says where ("itemRescheduled"), in the editor and in the group's notice. A new session places it anew.
 */
export function changeItem(meeting: Meeting, item: AgendaItem, now: Date): Changed {
  const current = requireItem(meeting, item.id);
  requireSession(meeting, item.sessionId);
  const inPlace = meeting.items.map((i) => (i.id === item.id ? item : i));
  const sameSession = current.sessionId === item.sessionId;
  const items = sameSession && fitsWhereItIs(inPlace, item) ? inPlace : place(meeting.items, item, meeting.sessions);
  const next = touched({ ...meeting, items }, now);
  checkAgenda(next);
  if (JSON.stringify(current) === JSON.stringify(item)) return { meeting, change: undefined };
  const at = items.findIndex((i) => i.id === item.id);
  if (!sameSession || at === meeting.items.indexOf(current))
    return { meeting: next, change: { kind: 'itemChanged', title: item.title } };
  const after = items[at - 1]?.title;
  return {
    meeting: next,
    change: { kind: 'itemRescheduled', title: item.title, time: item.startTime ?? '', ...(after ? { after } : {}) },
  };
}

/**
 * One step up or down the agenda. Stepping past the first or last item of a session moves the item into the
 * neighbouring session. Refused when the times would then go backwards: change the time instead.
 */
export function moveItem(meeting: Meeting, itemId: string, direction: 'up' | 'down', now: Date): Changed {
  const item = requireItem(meeting, itemId);
  const items = [...meeting.items];
  const at = items.indexOf(item);
  const neighbourAt = direction === 'up' ? at - 1 : at + 1;
  const neighbour = items[neighbourAt];
  const sessionAt = meeting.sessions.findIndex((s) => s.id === item.sessionId);
  const nextSession = meeting.sessions[direction === 'up' ? sessionAt - 1 : sessionAt + 1];
  if (neighbour && neighbour.sessionId === item.sessionId) {
    items[neighbourAt] = item;
    items[at] = neighbour;
  } else if (nextSession) {
    items[at] = { ...item, sessionId: nextSession.id };
  } else {
    throw new Refusal(direction === 'up' ? 'meetings:errors.alreadyFirst' : 'meetings:errors.alreadyLast', {
      title: item.title,
    });
  }
  const next = touched({ ...meeting, items: inAgendaOrder(items, meeting.sessions) }, now);
  checkAgenda(next);
  return { meeting: next, change: { kind: 'itemMoved', title: item.title } };
}

export function removeItem(meeting: Meeting, itemId: string, now: Date): Changed {
  const item = requireItem(meeting, itemId);
  const next = touched({ ...meeting, items: meeting.items.filter((i) => i.id !== itemId) }, now);
  return { meeting: next, change: { kind: 'itemRemoved', title: item.title } };
}

/**
 * Adds the items of a pasted programme, in order, after what the agenda already has: to the chosen session, or
 * to the session a heading line ("Eftermiddag") named. The whole paste is refused if any item breaks a rule.
 */
export function addProgramme(
  meeting: Meeting,
  entries: ProgrammeEntry[],
  sessionId: string,
  newId: () => string,
  now: Date,
): Changed {
  let session = requireSession(meeting, sessionId);
  let items = meeting.items;
  const added: AgendaItem[] = [];
  for (const entry of entries) {
    if ('heading' in entry) {
      session = sessionNamed(meeting.sessions, entry.heading) ?? session;
      continue;
    }
    // In the order written, even where the times disagree: the check below then says so instead of reordering.
    const item = buildItem(newId(), session, entry.item);
    items = insertAt(items, endOfSession(items, session, meeting.sessions), item);
    added.push(item);
  }
  if (added.length === 0) throw new Refusal('meetings:errors.nothingToRead');
  const next = touched({ ...meeting, items }, now);
  checkAgenda(next);
  const change: AgendaChange =
    added.length === 1 ? { kind: 'itemAdded', title: added[0]!.title } : { kind: 'itemsAdded', count: added.length };
  return { meeting: next, change };
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

/** Notes are for the group's members and the programme's coordinators and regional staff. */
export function mayTakeNotes(
  programme: Programme,
  membership: Membership | undefined,
  groupId: string,
  personId: string,
): boolean {
  return canOverview(programme, personId) || isMemberOf(membership, groupId);
}

export const MAX_NOTE = 2000;

/** A note from chat or from the card: some text, some links, or both, but not nothing. */
export function readNote(text: string, links: Link[]): { text: string; links: Link[] } {
  const body = text.trim();
  if (!body && links.length === 0) throw new Refusal('meetings:errors.emptyNote');
  if (body.length > MAX_NOTE) throw new Refusal('meetings:errors.noteTooLong', { max: MAX_NOTE });
  if (links.length > MAX_LINKS)
    throw new Refusal('meetings:errors.tooManyLinks', { title: echo(body, 40), max: MAX_LINKS });
  return { text: body, links };
}
