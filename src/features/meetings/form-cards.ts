import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { sessionChoices, sessionTitle, subtitle, type Localized } from './cards.js';
import { REMINDER_HOURS } from './reminder-rules.js';
import { presenterLine } from './presenter-text.js';
import { linkLine } from './programme-text.js';
import type { AgendaItem, Meeting, Session } from './schema.js';
import meetingFormTemplate from './cards/meeting-form.json' with { type: 'json' };
import itemFormTemplate from './cards/item-form.json' with { type: 'json' };
import pasteFormTemplate from './cards/paste-form.json' with { type: 'json' };

/* The coordinator's forms: the meeting day, one agenda item, and a programme to paste. */

export type MeetingFormValues = {
  title: string;
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  sessions: string;
  reminderDays: string;
  reminderHour: string;
  /** The pasted programme (new meetings only), kept when the coordinator comes back from its preview. */
  programmeText?: string;
};

/**
 * The group already meets that day: the form says so, offers the meeting already planned, and asks for an
 * explicit tick before a second meeting that day is made. `chosen` when the coordinator already asked for one.
 */
export type SameDayChoice = { warning: string; plannedMeetingId?: string; chosen: boolean };

/** The form's values as the coordinator sent them: shown again, unchanged, when the form comes back. */
export function formValuesOf(input: MeetingFormValues & { programmeText: string }): MeetingFormValues {
  const { title, date, startTime, endTime, place, sessions, reminderDays, reminderHour, programmeText } = input;
  return { title, date, startTime, endTime, place, sessions, reminderDays, reminderHour, programmeText };
}

/** The sessions as the form shows them, one per line, in the reader's language. */
export function sessionLines(localized: Localized, sessions: Session[]): string {
  return sessions.map((session) => sessionTitle(localized, session)).join('\n');
}

export function meetingFormCard(
  localized: Localized,
  view: {
    programmeId: string;
    groupId: string;
    groupName: string;
    meetingId?: string;
    fromPollId?: string;
    /** The question of the poll the values were taken from, if any. */
    prefilledFrom?: string;
    values: MeetingFormValues;
    sameDay?: SameDayChoice;
  },
): AdaptiveCard {
  const { t } = localized;
  const isNew = !view.meetingId;
  return renderCard(meetingFormTemplate, {
    text: textsFor(t, 'meetings:cards.form'),
    title: t(isNew ? 'meetings:cards.form.titleNew' : 'meetings:cards.form.titleEdit', { group: view.groupName }),
    note: view.prefilledFrom ? t('meetings:cards.form.prefilled', { question: view.prefilledFrom }) : '',
    isNew,
    programmeId: view.programmeId,
    groupId: view.groupId,
    meetingId: view.meetingId ?? '',
    fromPollId: view.fromPollId ?? '',
    values: { ...view.values, programmeText: view.values.programmeText ?? '' },
    sameDay: view.sameDay ? { ...view.sameDay, plannedMeetingId: view.sameDay.plannedMeetingId ?? '' } : undefined,
    hasSameDay: view.sameDay !== undefined,
    hours: REMINDER_HOURS.map((hour) => ({ value: String(hour), title: `${String(hour).padStart(2, '0')}:00` })),
  });
}

export function itemFormCard(
  localized: Localized,
  view: { meeting: Meeting; groupName: string; item?: AgendaItem },
): AdaptiveCard {
  const { t } = localized;
  const { meeting, item } = view;
  const lastSession = meeting.items.at(-1)?.sessionId ?? meeting.sessions[0]!.id;
  return renderCard(itemFormTemplate, {
    text: textsFor(t, 'meetings:cards.itemForm'),
    title: t(item ? 'meetings:cards.itemForm.titleEdit' : 'meetings:cards.itemForm.titleNew'),
    subtitle: subtitle(localized, meeting, view.groupName),
    timeError: t('meetings:cards.form.timeRequired'),
    programmeId: meeting.programmeId,
    meetingId: meeting.meetingId,
    itemId: item?.id ?? '',
    sessions: sessionChoices(localized, meeting),
    values: {
      sessionId: item?.sessionId ?? lastSession,
      startTime: item?.startTime ?? '',
      title: item?.title ?? '',
      description: item?.description ?? '',
      presenters: (item?.presenters ?? []).map(presenterLine).join('\n'),
      links: (item?.links ?? []).map(linkLine).join('\n'),
    },
  });
}

/** The paste form, empty or (back from the preview) with what the coordinator typed and chose. */
export function pasteFormCard(
  localized: Localized,
  view: { meeting: Meeting; groupName: string; typed?: string; sessionId?: string },
): AdaptiveCard {
  const { t } = localized;
  const { meeting } = view;
  const chosen = meeting.sessions.some((s) => s.id === view.sessionId) ? view.sessionId : undefined;
  return renderCard(pasteFormTemplate, {
    text: textsFor(t, 'meetings:cards.pasteForm'),
    subtitle: subtitle(localized, meeting, view.groupName),
    placeholder: t('meetings:cards.form.programmePlaceholder'),
    typed: view.typed ?? '',
    programmeId: meeting.programmeId,
    meetingId: meeting.meetingId,
    sessionId: chosen ?? meeting.items.at(-1)?.sessionId ?? meeting.sessions[0]!.id,
    sessions: sessionChoices(localized, meeting),
  });
}
