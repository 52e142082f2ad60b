import { echo } from '../../platform/echo.js';
import { Refusal } from '../../platform/refusal.js';
import {
  checkAgenda,
  inAgendaOrder,
  MAX_DESCRIPTION,
  MAX_LINKS,
  MAX_PRESENTERS,
  MAX_TITLE,
  readTime,
  sessionNamed,
  touched,
  type AgendaChange,
  type Changed,
} from './domain.js';
import { presenterInForm } from './presenter-text.js';
import { linkInForm, type ItemText, type ProgrammeEntry } from './programme-text.js';
import type { AgendaItem, Meeting, Session } from './schema.js';

/* The agenda's items: built from the item form or a paste, placed in their session, changed, moved, removed. */

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
