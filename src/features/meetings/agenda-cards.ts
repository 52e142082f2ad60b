import { renderCard, type AdaptiveCard } from '../../platform/teams/cards.js';
import { textsFor } from '../../platform/texts.js';
import { dayLabel, isUrl, itemView, meetingHeading, placeLabel, sessionTitle, type Localized } from './cards.js';
import type { AgendaItem, Meeting } from './schema.js';
import agendaTemplate from './cards/agenda.json' with { type: 'json' };
import editorTemplate from './cards/editor.json' with { type: 'json' };

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
