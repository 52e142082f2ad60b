import { calendarToken } from '../../platform/calendar.js';
import { todayInStockholm } from '../../platform/dates.js';
import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { decidedDay, type DecidedDay } from '../polls/domain.js';
import type { Poll } from '../polls/schema.js';
import type { GroupAccess } from '../membership/access.js';
import { meetingIn } from './meeting-of.js';
import { editorCard } from './agenda-cards.js';
import { meetingFormCard, sessionLines, type MeetingFormValues, type SameDayChoice } from './form-cards.js';
import type { MeetingsDeps } from './deps.js';
import { changeDetails, createMeeting, defaultSessions, readDetails, type AgendaChange } from './domain.js';
import { readReminders } from './reminder-rules.js';
import { isAccepted, newMeetingPreview, readIntoAgenda } from './programme-preview.js';
import { createOncePerDay, idForNewMeeting, refuseSecondMeeting } from './same-day.js';
import { DEFAULT_REMINDERS, type Meeting, type MeetingFormInput, type Reminders } from './schema.js';
import { publishAgenda, shareChange } from './sharing.js';

/** A decided poll's day to fill the form with; `sameDay` when the coordinator chose a second meeting that day. */
export type ChosenDay = { poll: Poll; day: DecidedDay; sameDay?: SameDayChoice };

/** The group's newest date poll whose confirmed day is still ahead and has no meeting yet: the day to plan. */
async function dayToPlan(
  deps: MeetingsDeps,
  programmeId: string,
  groupId: string,
  now: Date,
): Promise<ChosenDay | undefined> {
  const [polls, meetings] = await Promise.all([
    deps.polls.listForGroup(programmeId, groupId),
    deps.meetings.listForGroup(programmeId, groupId),
  ]);
  const today = todayInStockholm(now);
  for (const poll of polls) {
    const day = decidedDay(poll);
    const planned = meetings.some((m) => m.fromPollId === poll.pollId || m.date === day?.date);
    if (day && day.date >= today && !planned) return { poll, day };
  }
  return undefined;
}

function reminderValues(reminders: Reminders) {
  return { reminderDays: reminders.daysBefore.join(', '), reminderHour: String(reminders.hour) };
}

/** A new meeting's form, filled in from the chosen poll's day, or else the group's decided date poll if any. */
export async function meetingForm(
  turn: Turn,
  deps: MeetingsDeps,
  { programme, group }: GroupAccess,
  chosen?: ChosenDay,
): Promise<CardReply> {
  const { programmeId } = programme;
  const groupId = group.id;
  const [planned, defaults] = await Promise.all([
    chosen ?? dayToPlan(deps, programmeId, groupId, turn.now),
    deps.meetings.getDefaults(programmeId),
  ]);
  const day = planned?.day;
  const values: MeetingFormValues = {
    title: '',
    date: day?.date ?? '',
    startTime: day?.startTime ?? '09:00',
    endTime: day?.endTime ?? '16:00',
    place: day?.place ?? '',
    sessions: sessionLines(turn, defaultSessions(day?.part)),
    ...reminderValues(defaults?.reminders ?? DEFAULT_REMINDERS),
  };
  return meetingFormCard(turn, {
    programmeId,
    groupId,
    groupName: group.name,
    values,
    ...(planned ? { fromPollId: planned.poll.pollId, prefilledFrom: planned.poll.question } : {}),
    ...(planned?.sameDay ? { sameDay: planned.sameDay } : {}),
  });
}

export async function editMeetingForm(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  meetingId: string,
): Promise<CardReply> {
  const { programmeId } = access.programme;
  const { group } = access;
  const meeting = await meetingIn(deps, access, meetingId);
  return meetingFormCard(turn, {
    programmeId,
    groupId: meeting.groupId,
    groupName: group.name,
    meetingId,
    values: {
      title: meeting.title,
      date: meeting.date,
      startTime: meeting.startTime,
      endTime: meeting.endTime,
      place: meeting.place,
      sessions: sessionLines(turn, meeting.sessions),
      ...reminderValues(meeting.reminders),
    },
  });
}

async function saveDefaults(turn: Turn, deps: MeetingsDeps, programmeId: string, reminders: Reminders): Promise<void> {
  await deps.meetings.saveDefaults({
    id: 'meeting-defaults',
    type: 'meetingDefaults',
    programmeId,
    reminders,
    updatedBy: turn.person,
    updatedAt: turn.now.toISOString(),
  });
}

/** The meeting form, new or edited. Everything is read and checked before the one write. */
export async function saveMeeting(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  input: MeetingFormInput,
): Promise<CardReply> {
  return input.meetingId ? saveChanges(turn, deps, access, input) : createFromForm(turn, deps, access, input);
}

async function createFromForm(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  input: MeetingFormInput,
): Promise<CardReply> {
  const { programme, group } = access;
  const reminders = readReminders(input.reminderDays, input.reminderHour);
  const details = readDetails(input, reminders);
  const publishing = input.then === 'publish';
  if (publishing && !group.conversationId) throw new Refusal('meetings:errors.groupNotLinked', { group: group.name });
  const secondMeeting = await refuseSecondMeeting(turn, deps, group, input, details.date);
  if (secondMeeting) return secondMeeting;
  const where = {
    programmeId: programme.programmeId,
    groupId: group.id,
    ...(input.fromPollId ? { fromPollId: input.fromPollId } : {}),
  };
  const ids = { meetingId: idForNewMeeting({ ...where, date: details.date }, input.sameDay === 'true') };
  let meeting = createMeeting(details, where, { ...ids, calendarToken: calendarToken() }, turn.person, turn.now);
  if (input.programmeText.trim()) {
    const read = readIntoAgenda(meeting, input.programmeText, meeting.sessions[0]!.id, turn.now);
    if (!isAccepted(input.previewed, input.programmeText))
      return newMeetingPreview(turn, { input, groupName: group.name, read });
    meeting = read.meeting;
  }
  const stored = await createOncePerDay(deps, meeting);
  if ('planned' in stored)
    return (
      (await refuseSecondMeeting(turn, deps, group, input, details.date)) ??
      editorCard(turn, { meeting: stored.planned, groupName: group.name })
    );
  meeting = stored.created;
  const { meetingId } = meeting;
  if (input.saveAsDefault === 'true') await saveDefaults(turn, deps, programme.programmeId, reminders);
  const created = turn.t('meetings:confirmations.created');
  if (!publishing) return editorCard(turn, { meeting, groupName: group.name, notice: created });
  try {
    return await publishAgenda(turn, deps, access, meetingId);
  } catch (error) {
    // The meeting is kept as a draft: the coordinator can publish it again from the editor.
    if (!(error instanceof Refusal)) throw error;
    return editorCard(turn, {
      meeting,
      groupName: group.name,
      notice: `${created} ${turn.t(error.key, error.values)}`,
    });
  }
}

async function saveChanges(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  input: MeetingFormInput,
): Promise<CardReply> {
  const { group } = access;
  const meeting = await meetingIn(deps, access, input.meetingId);
  const reminders = readReminders(input.reminderDays, input.reminderHour);
  const details = readDetails(input, reminders);
  const secondMeeting =
    details.date !== meeting.date && (await refuseSecondMeeting(turn, deps, group, input, details.date));
  if (secondMeeting) return secondMeeting;
  let change: AgendaChange | undefined;
  const saved: Meeting = await deps.meetings.update(input.programmeId, input.meetingId, (current) => {
    const result = changeDetails(current, details, turn.now);
    change = result.change;
    return result.meeting;
  });
  if (input.saveAsDefault === 'true') await saveDefaults(turn, deps, input.programmeId, reminders);
  const shared = change ? await shareChange(deps, saved, access, change, turn) : true;
  const notice = [
    turn.t('meetings:confirmations.saved'),
    ...(input.saveAsDefault === 'true' ? [turn.t('meetings:confirmations.defaultsSaved')] : []),
    ...(shared ? [] : [turn.t('meetings:confirmations.shareFailed')]),
  ].join(' ');
  return editorCard(turn, { meeting: saved, groupName: group.name, notice });
}
