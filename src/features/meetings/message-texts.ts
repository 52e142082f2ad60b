import { dayLabel, placeLabel, sessionTitle, type Localized } from './cards.js';
import type { AgendaChange } from './domain.js';
import type { Meeting } from './schema.js';

/* The plain texts the bot sends beside its cards: what changed, a reminder, the agenda for the calendar. */

/** "Dagordningen för torsdag 1 april 2027 är ändrad: ny punkt ”Fika”." */
export function changeLine(localized: Localized, meeting: Meeting, change: AgendaChange): string {
  const { t } = localized;
  const parts: string[] = [];
  if (change.kind === 'details') {
    if (change.title !== undefined)
      parts.push(t('meetings:changes.title', { title: change.title || t('meetings:meetingTitle') }));
    if (change.date) parts.push(t('meetings:changes.date', { day: dayLabel(localized, change.date.to) }));
    if (change.time) parts.push(t('meetings:changes.time', change.time));
    if (change.place !== undefined)
      parts.push(t('meetings:changes.place', { place: placeLabel(localized, change.place) }));
    if (change.sessions) parts.push(t('meetings:changes.sessions'));
  } else if (change.kind === 'itemsAdded') {
    parts.push(t('meetings:changes.itemsAdded', { count: change.count }));
  } else if (change.kind === 'itemRescheduled') {
    parts.push(t(`meetings:changes.itemRescheduled${change.after ? 'After' : 'First'}`, change));
  } else {
    parts.push(t(`meetings:changes.${change.kind}`, { title: change.title }));
  }
  // A moved meeting is still known by the day it had: "the agenda for 1 April has changed: new day 2 April".
  const day = change.kind === 'details' && change.date ? change.date.from : meeting.date;
  return t('meetings:changes.line', {
    day: dayLabel(localized, day),
    what: parts.join(t('meetings:changes.separator')),
  });
}

export function reminderText(localized: Localized, meeting: Meeting, groupName: string, daysBefore: number): string {
  const { t } = localized;
  const when =
    daysBefore === 1
      ? t('meetings:reminder.tomorrow')
      : daysBefore === 7
        ? t('meetings:reminder.inAWeek')
        : t('meetings:reminder.inDays', { count: daysBefore });
  return t('meetings:reminder.text', {
    group: groupName,
    when,
    day: dayLabel(localized, meeting.date),
    start: meeting.startTime,
    end: meeting.endTime,
    where: meeting.place ? t('meetings:reminder.where', { place: placeLabel(localized, meeting.place) }) : '',
  });
}

/** The agenda as plain text, for the calendar invitation's description. */
export function agendaText(localized: Localized, meeting: Meeting): string {
  return meeting.sessions
    .map((session) => {
      const items = meeting.items.filter((item) => item.sessionId === session.id);
      if (items.length === 0) return '';
      const lines = items.map((item) => {
        const who = item.presenters.map((p) => p.name).join(', ');
        return `${item.startTime ? `${item.startTime} ` : ''}${item.title}${who ? ` (${who})` : ''}`;
      });
      return [sessionTitle(localized, session), ...lines].join('\n');
    })
    .filter(Boolean)
    .join('\n\n');
}
