import { stockholmDate } from '../../platform/dates.js';
import type { Language, TFunction } from '../../platform/i18n.js';
import { presenterLine } from './presenter-text.js';
import type { AgendaItem, Link, Meeting, Session } from './schema.js';

/* What the meetings cards share: the day, sessions, place, items and links as people read them. */

export type Localized = { t: TFunction; language: Language };

export const locale = (language: Language) => (language === 'sv' ? 'sv-SE' : 'en-GB');

/** "torsdag 1 april 2027" / "Thursday 1 April 2027". */
export function dayLabel({ language }: Localized, date: string): string {
  return stockholmDate(date).setLocale(locale(language)).toFormat('cccc d LLLL yyyy');
}

export function sessionTitle({ t }: Localized, session: Session): string {
  return session.kind === 'custom' ? session.title : t(`meetings:sessions.${session.kind}`);
}

/** "MIK & ungas medievärldar: Studiebesök" (the meeting's own title, or the usual word for a meeting). */
export function meetingHeading({ t }: Localized, meeting: Meeting, groupName: string): string {
  return t('meetings:heading', { group: groupName, title: meeting.title || t('meetings:meetingTitle') });
}

export function isUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text.trim());
}

/** The place as people read it: the address, "Onlinemöte" for a link (the card has a button for it), or "later". */
export function placeLabel({ t }: Localized, place: string): string {
  if (!place) return t('meetings:cards.agenda.placeLater');
  return isUrl(place) ? t('meetings:cards.agenda.online') : place;
}

export function linkView(link: Link) {
  return { title: link.title || new URL(link.url).host, url: link.url };
}

export function itemView(item: AgendaItem) {
  return {
    time: item.startTime ?? '',
    title: item.title,
    description: item.description,
    presenters: item.presenters.map((presenter) => ({ line: presenterLine(presenter) })),
    links: item.links.map(linkView),
  };
}

/** "MIK & ungas medievärldar: Vårträff · torsdag 1 april 2027". */
export function subtitle(localized: Localized, meeting: Meeting, groupName: string): string {
  return `${meetingHeading(localized, meeting, groupName)} · ${dayLabel(localized, meeting.date)}`;
}

export function sessionChoices(localized: Localized, meeting: Meeting) {
  return meeting.sessions.map((session) => ({ value: session.id, title: sessionTitle(localized, session) }));
}
