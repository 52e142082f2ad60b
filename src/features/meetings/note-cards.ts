import { DateTime } from 'luxon';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { dayLabel, linkView, locale, subtitle, type Localized } from './cards.js';
import type { Meeting, Note } from './schema.js';
import notesTemplate from './cards/notes.json' with { type: 'json' };
import noteFormTemplate from './cards/note-form.json' with { type: 'json' };

/** The card at the end of a meeting: a note with an optional link, straight from the meeting chat. */
export function noteFormCard(
  localized: Localized,
  view: { meeting: Meeting; groupName: string; notice?: string },
): AdaptiveCard {
  const { t } = localized;
  return renderCard(noteFormTemplate, {
    text: textsFor(t, 'meetings:cards.noteForm'),
    notice: view.notice ?? '',
    intro: t('meetings:cards.noteForm.intro', { meeting: subtitle(localized, view.meeting, view.groupName) }),
    programmeId: view.meeting.programmeId,
    meetingId: view.meeting.meetingId,
  });
}

export const NOTES_MEETINGS_SHOWN = 5;
export const NOTES_PER_MEETING = 10;

/** The notes of the group's latest meetings, newest meeting first. */
export function notesCard(
  localized: Localized,
  view: { groupName: string; meetings: { meeting: Meeting; notes: Note[] }[]; moreMeetings: boolean },
): AdaptiveCard {
  const { t, language } = localized;
  const time = (instant: string) =>
    DateTime.fromISO(instant).setZone('Europe/Stockholm').setLocale(locale(language)).toFormat('d LLL HH:mm');
  return renderCard(notesTemplate, {
    text: textsFor(t, 'meetings:cards.notes'),
    title: t('meetings:cards.notes.title', { group: view.groupName }),
    meetings: view.meetings.map(({ meeting, notes }) => ({
      heading: `${dayLabel(localized, meeting.date)} · ${meeting.title || t('meetings:meetingTitle')}`,
      notes: notes.slice(0, NOTES_PER_MEETING).map((note) => ({
        text: note.text,
        links: note.links.map(linkView),
        by: t('meetings:cards.notes.by', { name: note.author.name, time: time(note.createdAt) }),
      })),
      more:
        notes.length > NOTES_PER_MEETING
          ? t('meetings:cards.notes.more', { count: notes.length - NOTES_PER_MEETING })
          : '',
    })),
    footer: view.moreMeetings ? t('meetings:cards.notes.latestOnly', { count: NOTES_MEETINGS_SHOWN }) : '',
  });
}
