import { z } from 'zod/v4';
import { calendarAnswer, calendarUrl, meetingInvitation } from '../../platform/calendar.js';
import type { HttpAnswer } from '../../platform/http/routes.js';
import type { DeliveredHook, SettledHook } from '../../platform/outbox/after-delivery.js';
import { sendReported, starterOf, tellStarter } from '../../platform/outbox/follow-up.js';
import { Refusal } from '../../platform/refusal.js';
import { cardActivity } from '../../platform/teams/cards.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import {
  groupConversation,
  groupLanguage,
  linkedConversationOf,
  postReported,
  queueInLinkedConversation,
  queueUpdateOfPosted,
  readerLanguage,
  type PostedMessage,
  type QueuedPost,
} from '../membership/group-conversation.js';
import { linkVersionOf } from '../programmes/domain.js';
import type { Group, Programme } from '../programmes/schema.js';
import { meetingIn } from './meeting-of.js';
import { agendaCard, editorCard } from './agenda-cards.js';
import { meetingHeading, subtitle } from './cards.js';
import { agendaText, changeLine } from './message-texts.js';
import type { MeetingsDeps } from './deps.js';
import { publish, unpublish, type AgendaChange } from './domain.js';
import { nextMeeting } from './next-meeting-rules.js';
import { meetingOrigin, type Meeting } from './schema.js';

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

/** The batch an agenda card is posted in, by its post's key; the outbox hooks of the card's post. */
const publishing = (postKey: string) => `publish:${postKey}`;
export const AGENDA_POSTED = 'meetings.agendaPosted';
export const AGENDA_PUBLISHED = 'meetings.agendaPublished';

/**
 * Publishes the agenda: the meeting is published at once and its card enqueued for the group's conversation. The
 * answer waits a moment for the card: arrived, it says so; refused for good, the meeting is a draft again (to be
 * published again); still on its way, the answer says so and the coordinator hears 1:1 how it went. An agenda
 * published already is shared again (its card updated).
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
  if (meeting.status === 'published') {
    const shared = await shareChange(deps, meeting, access, undefined, turn);
    return editorCard(turn, {
      meeting,
      groupName: group.name,
      notice: turn.t(shared ? 'meetings:confirmations.shared' : 'meetings:confirmations.shareFailed'),
    });
  }
  const linked = await linkedConversationOf(deps.programmes, group);
  if (!linked) throw new Refusal('meetings:errors.groupNotLinked', { group: group.name });
  // A redelivered click is the same post (the same activity id); a later click after a failed post, a new one.
  const postKey = `agenda-card:${turn.activityId || turn.now.toISOString()}`;
  const saved = await deps.meetings.update(programmeId, meetingId, (current) => publish(current, postKey, turn.now));
  const told = { meeting: subtitle(turn, saved, group.name) };
  const outcome = await postReported(
    deps.outbox,
    {
      origin: meetingOrigin(saved),
      batch: publishing(postKey),
      settled: AGENDA_PUBLISHED,
      telling: {
        starter: starterOf(turn),
        done: { key: 'meetings:confirmations.publishedLater', values: told },
        notAll: { key: 'meetings:errors.postFailedLater', values: told },
      },
    },
    { linked, group },
    {
      key: postKey,
      activity: cardActivity(postedAgendaCard(deps, saved, access)),
      onDelivered: {
        kind: AGENDA_POSTED,
        data: { programmeId, meetingId, conversationId: linked.conversationId },
      },
    },
  );
  if (outcome && outcome.failed.length > 0) {
    // The hook does the same, whenever it runs: whichever comes first.
    await deps.meetings.update(programmeId, meetingId, (current) => unpublish(current, postKey));
    throw new Refusal('meetings:errors.postFailed');
  }
  return editorCard(turn, {
    meeting: saved,
    groupName: group.name,
    notice: turn.t(outcome ? 'meetings:confirmations.published' : 'meetings:confirmations.publishing'),
  });
}

const postedAgendaSchema = z.object({ programmeId: z.string(), meetingId: z.string(), conversationId: z.string() });

/** The agenda card arrived: the meeting keeps its Teams id, so later edits update it in place. */
export function rememberAgendaCard(deps: MeetingsDeps): DeliveredHook {
  return async ({ key, activityId, data }) => {
    const posted = postedAgendaSchema.safeParse(data);
    if (!posted.success) return;
    const { programmeId, meetingId, conversationId } = posted.data;
    await deps.meetings.update(programmeId, meetingId, (current) =>
      current.postKey === key && !current.posted ? { ...current, posted: { conversationId, activityId } } : undefined,
    );
  };
}

/** The agenda card's post settled: refused for good, the meeting is a draft again; the coordinator is told. */
export function afterPublishing(deps: MeetingsDeps): SettledHook {
  return async (event) => {
    const postKey = event.batch.slice(publishing('').length);
    const [programmeId = '', meetingId = ''] = event.origin.slice('meeting:'.length).split('/');
    if (event.failed.length > 0)
      await deps.meetings.update(programmeId, meetingId, (current) => unpublish(current, postKey));
    await tellStarter(deps.outbox, event);
  };
}

/** The agenda card in the group's conversation: delivered (its Teams id), or still on its way (its outbox key). */
function agendaCardOf(meeting: Meeting): { card: PostedMessage | QueuedPost; key: string } | undefined {
  if (meeting.posted) return { card: meeting.posted, key: `agenda-update:${meeting.posted.activityId}` };
  return meeting.postKey ? { card: { post: meeting.postKey }, key: `agenda-update:${meeting.postKey}` } : undefined;
}

/**
 * After a change to a published agenda: the posted card is updated in place (the same message, for everyone)
 * and the group is told in one short line what changed, through the outbox; the coordinator who changed it is told
 * 1:1 if either does not arrive. False when the group's conversation is no longer linked.
 */
export async function shareChange(
  deps: MeetingsDeps,
  meeting: Meeting,
  where: MeetingGroup,
  change: AgendaChange | undefined,
  by: Turn,
): Promise<boolean> {
  const agenda = meeting.status === 'published' ? agendaCardOf(meeting) : undefined;
  if (!agenda) return true;
  const round = by.activityId || by.now.toISOString();
  let linked = false;
  await sendReported(
    deps.outbox,
    meetingOrigin(meeting),
    `share:${round}`,
    {
      starter: starterOf(by),
      notAll: {
        key: 'meetings:errors.changeNotShown',
        values: { meeting: subtitle(by, meeting, where.group.name) },
      },
    },
    async (sender) => {
      const card = cardActivity(postedAgendaCard(deps, meeting, where));
      linked = await queueUpdateOfPosted(deps.programmes, sender, agenda.card, {
        key: agenda.key,
        activity: card,
        recipient: groupConversation(where.group),
      });
      if (!linked || !change) return;
      const conversationId = meeting.posted?.conversationId ?? where.group.conversationId;
      await queueInLinkedConversation(deps.programmes, sender, conversationId, {
        key: `change-line:${round}`,
        activity: { type: 'message', text: changeLine(groupLanguage(where.programme), meeting, change) },
        recipient: groupConversation(where.group),
      });
    },
    // An edit answers at once: nothing to wait for but its card, which the group sees arrive.
    { waitMs: 0 },
  );
  return linked;
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
