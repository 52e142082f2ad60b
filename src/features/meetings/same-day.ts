import { WriteConflict, type Stored } from '../../platform/cosmos/documents.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { Group } from '../programmes/schema.js';
import { dayLabel } from './cards.js';
import { formValuesOf, meetingFormCard, type SameDayChoice } from './form-cards.js';
import type { MeetingsDeps } from './deps.js';
import { dayMeetingId, newMeetingId } from './ids.js';
import type { Meeting, MeetingFormInput } from './schema.js';

/**
 * One meeting per group and day, unless the coordinator chooses a second on purpose: a form for a day the group
 * already meets comes back saying so, with the meeting already planned and a box to tick for a second one; and
 * the group's first meeting on a day is stored under an id naming the group and the day, so a form sent twice
 * at the same moment still makes one meeting.
 */

/** The group's meeting on `date` (other than `except`, the meeting being edited), if it has one. */
export async function meetingOnDay(
  deps: MeetingsDeps,
  where: { programmeId: string; groupId: string; date: string },
  except = '',
): Promise<Stored<Meeting> | undefined> {
  const meetings = await deps.meetings.listForGroup(where.programmeId, where.groupId);
  return meetings.find((meeting) => meeting.date === where.date && meeting.meetingId !== except);
}

/** What the form says about a day the group already meets, and whether a second meeting was already chosen. */
export function sameDayChoice(turn: Turn, group: Group, planned: Meeting, chosen: boolean): SameDayChoice {
  const values = {
    group: group.name,
    day: dayLabel(turn, planned.date),
    title: planned.title || turn.t('meetings:meetingTitle'),
  };
  return {
    warning: turn.t(chosen ? 'meetings:cards.form.sameDayChosen' : 'meetings:cards.form.sameDayWarning', values),
    plannedMeetingId: planned.meetingId,
    chosen,
  };
}

/**
 * The form as the coordinator sent it, back with the day's meeting named and the second-meeting box, when the
 * day they chose is already planned and they did not tick the box; undefined when the day is free or chosen.
 */
export async function refuseSecondMeeting(
  turn: Turn,
  deps: MeetingsDeps,
  group: Group,
  input: MeetingFormInput,
  date: string,
): Promise<CardReply | undefined> {
  if (input.sameDay === 'true') return undefined;
  const planned = await meetingOnDay(
    deps,
    { programmeId: input.programmeId, groupId: group.id, date },
    input.meetingId,
  );
  if (!planned) return undefined;
  return meetingFormCard(turn, {
    programmeId: input.programmeId,
    groupId: group.id,
    groupName: group.name,
    ...(input.meetingId ? { meetingId: input.meetingId } : {}),
    ...(input.fromPollId ? { fromPollId: input.fromPollId } : {}),
    values: formValuesOf(input),
    sameDay: sameDayChoice(turn, group, planned, false),
  });
}

/** A new meeting's id: the day's own for the group's first meeting that day, a fresh one for a chosen second. */
export function idForNewMeeting(where: { programmeId: string; groupId: string; date: string }, second: boolean) {
  return second ? newMeetingId() : dayMeetingId(where.programmeId, where.groupId, where.date);
}

/**
 * Stores a new meeting once. When its day's id is taken, the meeting holding it is either the same group's
 * meeting that day (made meanwhile, by this form sent twice or by someone else: `planned`, nothing stored) or a
 * meeting since moved to another day (then this one gets a fresh id).
 */
export async function createOncePerDay(
  deps: MeetingsDeps,
  meeting: Meeting,
): Promise<{ created: Stored<Meeting> } | { planned: Stored<Meeting> }> {
  try {
    return { created: await deps.meetings.create(meeting) };
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
    const holder = await deps.meetings.get(meeting.programmeId, meeting.meetingId);
    if (holder && holder.groupId === meeting.groupId && holder.date === meeting.date) return { planned: holder };
    const meetingId = newMeetingId();
    return { created: await deps.meetings.create({ ...meeting, id: meetingId, meetingId }) };
  }
}
