import { DateTime } from 'luxon';
import { stockholmDate } from '../../platform/dates.js';
import type { Language, TFunction } from '../../platform/i18n.js';
import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import type { AgendaChange } from './domain.js';
import { REMINDER_HOURS } from './reminder-rules.js';
import { presenterLine } from './presenter-text.js';
import { linkLine } from './programme-text.js';
import type { AgendaItem, Link, Meeting, Note, Presenter, Session } from './schema.js';
import agendaTemplate from './cards/agenda.json' with { type: 'json' };
import editorTemplate from './cards/editor.json' with { type: 'json' };
import meetingFormTemplate from './cards/meeting-form.json' with { type: 'json' };
import itemFormTemplate from './cards/item-form.json' with { type: 'json' };
import pasteFormTemplate from './cards/paste-form.json' with { type: 'json' };
import programmePreviewTemplate from './cards/programme-preview.json' with { type: 'json' };
import notesTemplate from './cards/notes.json' with { type: 'json' };
import noteFormTemplate from './cards/note-form.json' with { type: 'json' };

type Localized = { t: TFunction; language: Language };

const locale = (language: Language) => (language === 'sv' ? 'sv-SE' : 'en-GB');

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

function isUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text.trim());
}

/** The place as people read it: the address, "Onlinemöte" for a link (the card has a button for it), or "later". */
function placeLabel({ t }: Localized, place: string): string {
  if (!place) return t('meetings:cards.agenda.placeLater');
  return isUrl(place) ? t('meetings:cards.agenda.online') : place;
}

function linkView(link: Link) {
  return { title: link.title || new URL(link.url).host, url: link.url };
}

function itemView(item: AgendaItem) {
  return {
    time: item.startTime ?? '',
    title: item.title,
    description: item.description,
    presenters: item.presenters.map((presenter) => ({ line: presenterLine(presenter) })),
    links: item.links.map(linkView),
  };
}

/** The sessions that have items, each with its items in agenda order. */
function sessionsView(localized: Localized, meeting: Meeting) {
  return meeting.sessions
    .map((session) => ({
      title: sessionTitle(localized, session),
      items: meeting.items.filter((item) => item.sessionId === session.id).map(itemView),
    }))
    .filter((session) => session.items.length > 0);
}

export type AgendaView = {
  meeting: Meeting;
  groupName: string;
  calendarUrl: string;
  /** False for "next meeting": the day, time and place only, with a button for the agenda. */
  showItems?: boolean;
  canEdit?: boolean;
  notice?: string;
  /** For the coordinator: what the bot sent for this meeting and could not deliver. */
  warning?: string;
};

function agendaData(localized: Localized, view: AgendaView) {
  const { meeting } = view;
  const text = textsFor(localized.t, 'meetings:cards.agenda');
  const showItems = view.showItems ?? true;
  return {
    text,
    notice: view.notice ?? '',
    warning: view.warning ?? '',
    heading: meetingHeading(localized, meeting, view.groupName),
    programmeId: meeting.programmeId,
    meetingId: meeting.meetingId,
    day: dayLabel(localized, meeting.date),
    time: `${meeting.startTime}–${meeting.endTime}`,
    place: placeLabel(localized, meeting.place),
    extraFacts: [] as { title: string; value: string }[],
    status: meeting.status === 'draft' ? text.draft : '',
    showItems,
    emptyText: text.empty,
    sessions: showItems ? sessionsView(localized, meeting) : [],
    calendarUrl: view.calendarUrl,
    joinUrl: isUrl(meeting.place) ? meeting.place.trim() : '',
    canEdit: view.canEdit ?? false,
  };
}

/** The agenda as the group sees it: posted in its channel, shown at meeting start, or asked for by a reader. */
export function agendaCard(localized: Localized, view: AgendaView): AdaptiveCard {
  return renderCard(agendaTemplate, agendaData(localized, view));
}

function remindersLabel({ t }: Localized, meeting: Meeting): string {
  const { daysBefore, hour } = meeting.reminders;
  if (daysBefore.length === 0) return t('meetings:cards.editor.noReminders');
  return t('meetings:cards.editor.remindersValue', {
    days: daysBefore.join(', '),
    hour: `${String(hour).padStart(2, '0')}:00`,
  });
}

function itemChoiceTitle(localized: Localized, meeting: Meeting, item: AgendaItem): string {
  const session = meeting.sessions.find((s) => s.id === item.sessionId)!;
  return `${sessionTitle(localized, session)} · ${item.startTime ? `${item.startTime} ` : ''}${item.title}`;
}

/**
 * The coordinator's working copy: the agenda as the group will see it (the same template), its reminders and
 * status, then the controls to add, change, move and remove items, paste a programme, change the day and publish.
 */
export function editorCard(
  localized: Localized,
  view: {
    meeting: Meeting;
    groupName: string;
    notice?: string;
    warning?: string;
    selectedItemId?: string;
    /** Opened from "Planera dagen" on a day already planned: a button for a second meeting that day. */
    planSameDay?: { groupId: string; pollId: string };
  },
): AdaptiveCard {
  const { meeting } = view;
  const text = textsFor(localized.t, 'meetings:cards.editor');
  const agenda = renderCard(agendaTemplate, {
    ...agendaData(localized, {
      meeting,
      groupName: view.groupName,
      calendarUrl: '',
      ...(view.notice ? { notice: view.notice } : {}),
      ...(view.warning ? { warning: view.warning } : {}),
    }),
    extraFacts: [{ title: text.reminders, value: remindersLabel(localized, meeting) }],
    status: meeting.status === 'draft' ? text.draft : text.published,
    emptyText: text.empty,
  });
  const controls = renderCard(editorTemplate, {
    text,
    programmeId: meeting.programmeId,
    meetingId: meeting.meetingId,
    published: meeting.status === 'published',
    planSameDay: view.planSameDay ?? { groupId: '', pollId: '' },
    canPlanSameDay: view.planSameDay !== undefined,
    itemChoices: meeting.items.map((item) => ({ value: item.id, title: itemChoiceTitle(localized, meeting, item) })),
    selectedItemId: view.selectedItemId ?? meeting.items[0]?.id ?? '',
  });
  return {
    ...agenda,
    body: [...(agenda.body as unknown[]), ...(controls.body as unknown[])],
    actions: controls.actions,
  };
}

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

/** "MIK & ungas medievärldar: Vårträff · torsdag 1 april 2027". */
export function subtitle(localized: Localized, meeting: Meeting, groupName: string): string {
  return `${meetingHeading(localized, meeting, groupName)} · ${dayLabel(localized, meeting.date)}`;
}

function sessionChoices(localized: Localized, meeting: Meeting) {
  return meeting.sessions.map((session) => ({ value: session.id, title: sessionTitle(localized, session) }));
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

/** What a preview's buttons send: the verb and the data besides the text box. */
export type PreviewAction = { verb: string; data: Record<string, string> };

export type ProgrammePreview = {
  subtitle: string;
  /** The agenda as it would be saved with the programme, and the items the text gave, in reading order. */
  meeting: Meeting;
  readItems: { id: string; isBreak: boolean }[];
  unread: string[];
  notice?: string;
  /** The text as typed, kept editable in the card under this input id. */
  typed: string;
  textInput: 'programmeText' | 'text';
  acceptTitle: string;
  /** Accept and read again send the same verb; accept carries the fingerprint of the text that was read. */
  accept: PreviewAction;
  readAgain: Record<string, string>;
  back: PreviewAction;
};

/** "Anja Dahlstedt · roll: avdelningschef · organisation: KB": how the line was split, part by part. */
function presenterReading({ t }: Localized, presenter: Presenter): string {
  return [
    presenter.name,
    presenter.role ? t('meetings:cards.preview.role', { role: presenter.role }) : '',
    presenter.organisation ? t('meetings:cards.preview.organisation', { organisation: presenter.organisation }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

const UNREAD_SHOWN = 160;

/**
 * How a pasted programme was read, before anything is saved: each item with its time, title, presenters (name,
 * role and organisation apart) and description, in the session it will go to; the text that was no part of any
 * item; and the text itself, editable, to read again, accept, or take back to the form.
 */
export function programmePreviewCard(localized: Localized, view: ProgrammePreview): AdaptiveCard {
  const { t } = localized;
  const breaks = new Set(view.readItems.filter((item) => item.isBreak).map((item) => item.id));
  const read = new Set(view.readItems.map((item) => item.id));
  const sessions = view.meeting.sessions
    .map((session) => ({
      title: sessionTitle(localized, session),
      items: view.meeting.items
        .filter((item) => item.sessionId === session.id && read.has(item.id))
        .map((item) => ({
          ...itemView(item),
          tag: breaks.has(item.id) ? t('meetings:cards.preview.break') : '',
          presenters: item.presenters.map((presenter) => ({ line: presenterReading(localized, presenter) })),
        })),
    }))
    .filter((session) => session.items.length > 0);
  return renderCard(programmePreviewTemplate, {
    text: textsFor(t, 'meetings:cards.preview'),
    notice: view.notice ?? '',
    subtitle: view.subtitle,
    intro: t('meetings:cards.preview.intro', { count: view.readItems.length }),
    sessions,
    unread: view.unread.map((text) => ({
      line: t('meetings:cards.preview.quoted', {
        text: text.length > UNREAD_SHOWN ? `${text.slice(0, UNREAD_SHOWN).trimEnd()}…` : text,
      }),
    })),
    textInput: view.textInput,
    typed: view.typed,
    acceptTitle: view.acceptTitle,
    verb: view.accept.verb,
    accept: view.accept.data,
    readAgain: view.readAgain,
    backVerb: view.back.verb,
    back: view.back.data,
  });
}

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
