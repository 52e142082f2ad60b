import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { decidedDay } from '../polls/domain.js';
import { editorCard } from './agenda-cards.js';
import { dayLabel } from './cards.js';
import { editMeetingForm, meetingForm } from './creation.js';
import type { MeetingsDeps } from './deps.js';
import { sameDayChoice } from './same-day.js';
import type { MeetingFormRef } from './schema.js';

/**
 * The meeting form, opened from a card: for a meeting (change its day), for a decided poll's day ("Planera
 * dagen"), or for a group ("nytt möte"'s choice). "Planera dagen" pressed again on a day already planned opens
 * that meeting, never a blank form: a second meeting that day is made only when the coordinator asks for it
 * with the button the meeting's card then shows.
 */
export async function openMeetingForm(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  ref: MeetingFormRef,
): Promise<CardReply> {
  if (ref.meetingId) return editMeetingForm(turn, deps, access, ref.meetingId);
  if (ref.pollId) return planPollDay(turn, deps, access, ref);
  return meetingForm(turn, deps, access);
}

async function planPollDay(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  ref: MeetingFormRef,
): Promise<CardReply> {
  const { programme, group } = access;
  const poll = await deps.polls.get(ref.pollId);
  const ours = poll?.programmeId === programme.programmeId && poll.groupId === group.id;
  const day = poll && ours ? decidedDay(poll) : undefined;
  // A poll that is gone, another group's, or not decided: the group's form as "nytt möte" would open it.
  if (!poll || !day) return meetingForm(turn, deps, access);
  const meetings = await deps.meetings.listForGroup(programme.programmeId, group.id);
  const planned = meetings.find((m) => m.fromPollId === poll.pollId) ?? meetings.find((m) => m.date === day.date);
  if (!planned) return meetingForm(turn, deps, access, { poll, day });
  if (ref.sameDay === 'true') {
    return meetingForm(turn, deps, access, { poll, day, sameDay: sameDayChoice(turn, group, planned, true) });
  }
  return editorCard(turn, {
    meeting: planned,
    groupName: group.name,
    notice: turn.t('meetings:confirmations.alreadyPlanned', { group: group.name, day: dayLabel(turn, planned.date) }),
    planSameDay: { groupId: group.id, pollId: poll.pollId },
  });
}
