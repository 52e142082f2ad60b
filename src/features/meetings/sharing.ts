import { calendarAnswer, calendarUrl, meetingInvitation } from '../../platform/calendar.js';
import type { HttpAnswer } from '../../platform/http/routes.js';
import { Refusal } from '../../platform/refusal.js';
import { cardActivity } from '../../platform/teams/cards.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import {
  groupLanguage,
  postToLinkedConversation,
  readerLanguage,
  updatePostedMessage,
} from '../membership/group-conversation.js';
import { linkVersionOf } from '../programmes/domain.js';
import type { Group, Programme } from '../programmes/schema.js';
import { meetingIn } from './meeting-of.js';
import { agendaCard, agendaText, changeLine, editorCard, meetingHeading } from './cards.js';
import type { MeetingsDeps } from './deps.js';
import { nextMeeting, publish, type AgendaChange } from './domain.js';
import type { Meeting } from './schema.js';

/** GET /meetings/:programmeId/:meetingId/<token>.ics: the day as a calendar invitation, agenda in the description. */
export function meetingCalendarUrl(deps: MeetingsDeps, meeting: Meeting, group: Group): string {
  const path = ['meetings', meeting.programmeId, meeting.meetingId];
  return calendarUrl(deps.config.publicBaseUrl, path, deps.links.sign(calendarSubject(meeting, group)));
}

/** What a meeting's calendar link is signed over: the meeting's own secret and the group's link version. */
const calendarSubject = (meeting: Meeting, group: Group) =>
  `calendar|meeting|${meeting.programmeId}|${meeting.meetingId}|${meeting.calendarToken}|${linkVersionOf(group)}`;

export function calendarFile(deps: MeetingsDeps): (params: Record<string, string>) => Promise<HttpAnswer> {
  return async ({ programmeId = '', meetingId = '', file = '' }) => {
    const meeting = await deps.meetings.get(programmeId, meetingId);
    const programme = meeting && (await deps.programmes.get(programmeId));
    const group = programme?.groups.find((g) => g.id === meeting!.groupId);
    if (!meeting || !programme || !group) return calendarAnswer(file, undefined, () => '');
    const isValid = (token: string) => deps.links.verify(calendarSubject(meeting, group), token);
    return calendarAnswer(file, isValid, () =>
      meetingInvitation({
        uid: `${meeting.meetingId}@fokusgrupper`,
        title: meetingHeading(groupLanguage(programme), meeting, group.name),
        description: agendaText(groupLanguage(programme), meeting),
        location: meeting.place,
        date: meeting.date,
        startTime: meeting.startTime,
        endTime: meeting.endTime,
        sequence: meeting.sequence,
      }),
    );
  };
}

/** Where a meeting's group talks, and in which language: its programme and group. */
export type MeetingGroup = { programme: Programme; group: Group };

/** The agenda card as posted where the group talks: in the group's language, without anyone's buttons. */
export function postedAgendaCard(deps: MeetingsDeps, meeting: Meeting, { programme, group }: MeetingGroup) {
  return agendaCard(groupLanguage(programme), {
    meeting,
    groupName: group.name,
    calendarUrl: meetingCalendarUrl(deps, meeting, group),
  });
}

/**
 * Posts the agenda to the group's conversation, or updates the card already there. Refused, with nothing
 * stored, when the group has no conversation or the post cannot be delivered.
 */
export async function publishAgenda(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  meetingId: string,
): Promise<CardReply> {
  const { group } = access;
  const { programmeId } = access.programme;
  const meeting = await meetingIn(deps, access, meetingId);
  if (meeting.posted) {
    const shared = await shareChange(deps, meeting, access, undefined);
    return editorCard(turn, {
      meeting,
      groupName: group.name,
      notice: turn.t(shared ? 'meetings:confirmations.shared' : 'meetings:confirmations.shareFailed'),
    });
  }
  if (!group.conversationId) throw new Refusal('meetings:errors.groupNotLinked', { group: group.name });
  // The card shows the meeting as it is once published (not the draft it still is until the post succeeds).
  const asPublished = publish(meeting, { conversationId: group.conversationId, activityId: '' }, turn.now);
  const posted = await postToLinkedConversation(
    deps,
    group.conversationId,
    cardActivity(postedAgendaCard(deps, asPublished, access)),
  );
  if (!posted) throw new Refusal('meetings:errors.groupNotLinked', { group: group.name });
  if (!posted.ok) throw new Refusal('meetings:errors.postFailed');
  const conversationId = group.conversationId;
  const saved = await deps.meetings.update(programmeId, meetingId, (current) =>
    publish(current, { conversationId, activityId: posted.activityId }, turn.now),
  );
  return editorCard(turn, {
    meeting: saved,
    groupName: group.name,
    notice: turn.t('meetings:confirmations.published'),
  });
}

/**
 * After a change to a published agenda: the posted card is updated in place (the same message, for everyone)
 * and the group is told in one short line what changed. False when the card could not be updated.
 */
export async function shareChange(
  deps: MeetingsDeps,
  meeting: Meeting,
  where: MeetingGroup,
  change: AgendaChange | undefined,
): Promise<boolean> {
  if (!meeting.posted) return true;
  const updated = await updatePostedMessage(deps, meeting.posted, cardActivity(postedAgendaCard(deps, meeting, where)));
  if (!updated?.ok) return false;
  if (change) {
    await postToLinkedConversation(deps, meeting.posted.conversationId, {
      type: 'message',
      text: changeLine(groupLanguage(where.programme), meeting, change),
    });
  }
  return true;
}

/** What readers may see of a group's meetings: published ones, and drafts too for the programme's coordinators. */
export async function visibleMeetings(deps: MeetingsDeps, { programme, group, role }: GroupAccess): Promise<Meeting[]> {
  const meetings = await deps.meetings.listForGroup(programme.programmeId, group.id);
  return role === 'coordinator' ? meetings : meetings.filter((m) => m.status === 'published');
}

/** "Nästa möte" (day, time, place) or "dagordning" (the whole agenda) for the group's next meeting. */
export async function showNextMeeting(
  turn: Turn,
  deps: MeetingsDeps,
  target: GroupAccess,
  showItems: boolean,
): Promise<CardReply> {
  const meeting = nextMeeting(await visibleMeetings(deps, target), turn.now);
  if (!meeting) throw new Refusal('meetings:errors.noMeeting', { group: target.group.name });
  return readerAgenda(turn, deps, target, meeting, showItems);
}

/** One meeting's agenda, from a card's button; a draft only for the programme's coordinators. */
export async function showMeeting(
  turn: Turn,
  deps: MeetingsDeps,
  target: GroupAccess,
  meetingId: string,
): Promise<CardReply> {
  const meeting = await meetingIn(deps, target, meetingId);
  if (meeting.status !== 'published' && target.role !== 'coordinator')
    throw new Refusal('meetings:errors.unknownMeeting');
  return readerAgenda(turn, deps, target, meeting);
}

export function readerAgenda(
  turn: Turn,
  deps: MeetingsDeps,
  { group, role }: GroupAccess,
  meeting: Meeting,
  showItems = true,
): CardReply {
  return agendaCard(readerLanguage(turn), {
    meeting,
    groupName: group.name,
    calendarUrl: meetingCalendarUrl(deps, meeting, group),
    showItems,
    canEdit: role === 'coordinator',
  });
}
