import { randomUUID } from 'node:crypto';
import { Refusal } from '../../platform/refusal.js';
import { matchCommand, normalizeCommandText } from '../../platform/teams/commands.js';
import type { CardReply, MeetingEvent } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { groupLanguage, readerLanguage } from '../membership/group-conversation.js';
import { meetingIn } from './meeting-of.js';
import { agendaCard } from './agenda-cards.js';
import { noteFormCard, notesCard, NOTES_MEETINGS_SHOWN } from './note-cards.js';
import type { MeetingsDeps } from './deps.js';
import { latestMeeting, nextMeeting, stockholmDay } from './next-meeting-rules.js';
import { readNote } from './note-rules.js';
import { linkInForm, splitLinks } from './programme-text.js';
import type { Meeting } from './schema.js';
import { meetingCalendarUrl } from './sharing.js';

/**
 * The words after the command as the person typed them: the router hands commands their argument in lower case
 * with the last full stop dropped, which is right for names and wrong for a note ("Vi provar KB:s temalådor.").
 */
export function typedArgument(text: string | undefined): string {
  const typed = (text ?? '')
    .replace(/<at>[^<]*<\/at>/g, ' ')
    .trim()
    .replace(/^\//, '');
  const match = matchCommand(typed);
  if (!match) return '';
  const argumentWords = match.argument ? match.argument.split(' ').length : 0;
  const commandWords = normalizeCommandText(typed).split(' ').length - argumentWords;
  // Words and the spaces between them alternate; the command's words and their spaces go, the rest stays as typed.
  return typed
    .split(/(\s+)/)
    .slice(commandWords * 2)
    .join('')
    .trim();
}

/** The meeting a note is for: today's, or else the group's most recent one. */
async function currentMeeting(deps: MeetingsDeps, { programme, group }: GroupAccess, now: Date): Promise<Meeting> {
  const meeting = latestMeeting(await deps.meetings.listForGroup(programme.programmeId, group.id), now);
  if (!meeting) throw new Refusal('meetings:errors.noMeetingYet', { group: group.name });
  return meeting;
}

async function saveNote(
  turn: Turn,
  deps: MeetingsDeps,
  meeting: Meeting,
  note: { text: string; links: { url: string; title: string }[] },
) {
  await deps.meetings.addNote({
    id: `note:${randomUUID()}`,
    type: 'note',
    programmeId: meeting.programmeId,
    groupId: meeting.groupId,
    meetingId: meeting.meetingId,
    ...note,
    author: turn.person,
    createdAt: turn.now.toISOString(),
  });
}

/** "anteckning <text>": a note (links in it kept as links) to the group's current or latest meeting. */
export async function addNoteFromChat(turn: Turn, deps: MeetingsDeps, target: GroupAccess): Promise<CardReply> {
  const meeting = await currentMeeting(deps, target, turn.now);
  const typed = typedArgument(turn.text);
  if (!typed) return noteFormCard(readerLanguage(turn), { meeting, groupName: target.group.name });
  const { text, links } = splitLinks(typed);
  await saveNote(turn, deps, meeting, readNote(text, links));
  return { text: turn.t('meetings:confirmations.noteSaved', { name: turn.person.name }) };
}

/** The note card's button: text and an optional link, answered with a fresh card for the next note. */
export async function addNoteFromCard(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  input: { meetingId: string; text: string; link: string },
) {
  const meeting = await meetingIn(deps, access, input.meetingId);
  const { group } = access;
  const note = readNote(input.text, input.link.trim() ? [linkInForm(input.link.trim())] : []);
  await saveNote(turn, deps, meeting, note);
  const localized = readerLanguage(turn);
  return noteFormCard(localized, {
    meeting,
    groupName: group.name,
    notice: localized.t('meetings:confirmations.noteSaved', { name: turn.person.name }),
  });
}

/** "anteckningar": the notes of the group's latest meetings, newest first, for members, coordinators and staff. */
export async function showNotes(turn: Turn, deps: MeetingsDeps, target: GroupAccess): Promise<CardReply> {
  const { programme, group } = target;
  const [meetings, notes] = await Promise.all([
    deps.meetings.listForGroup(programme.programmeId, group.id),
    deps.meetings.listNotes(programme.programmeId, group.id),
  ]);
  const withNotes = meetings
    .map((meeting) => ({ meeting, notes: notes.filter((note) => note.meetingId === meeting.meetingId) }))
    .filter((entry) => entry.notes.length > 0)
    .reverse();
  return notesCard(readerLanguage(turn), {
    groupName: group.name,
    meetings: withNotes.slice(0, NOTES_MEETINGS_SHOWN),
    moreMeetings: withNotes.length > NOTES_MEETINGS_SHOWN,
  });
}

/** The group's meetings as the group's conversation knows them: published ones only. */
async function publishedMeetings(deps: MeetingsDeps, { programme, group }: GroupAccess): Promise<Meeting[]> {
  return (await deps.meetings.listForGroup(programme.programmeId, group.id)).filter((m) => m.status === 'published');
}

/** A Teams meeting starts in a chat of the group: the agenda of that day's meeting (or the next) goes up there. */
export async function onMeetingStarted(
  turn: Turn,
  deps: MeetingsDeps,
  target: GroupAccess | undefined,
  event: MeetingEvent,
): Promise<CardReply | void> {
  if (!target) return undefined;
  const meetings = await publishedMeetings(deps, target);
  const day = stockholmDay(event.startTime, turn.now);
  const meeting = meetings.find((m) => m.date === day) ?? nextMeeting(meetings, turn.now);
  if (!meeting) return undefined;
  const group = groupLanguage(target.programme);
  return agendaCard(group, {
    meeting,
    groupName: target.group.name,
    calendarUrl: meetingCalendarUrl(deps, meeting, target.group),
    notice: group.t('meetings:cards.agenda.started'),
  });
}

/** …and when it ends, the bot asks for notes on that meeting, right there. */
export async function onMeetingEnded(
  turn: Turn,
  deps: MeetingsDeps,
  target: GroupAccess | undefined,
  event: MeetingEvent,
): Promise<CardReply | void> {
  if (!target) return undefined;
  const meetings = await publishedMeetings(deps, target);
  const day = stockholmDay(event.endTime ?? event.startTime, turn.now);
  const meeting = meetings.find((m) => m.date === day) ?? latestMeeting(meetings, turn.now);
  if (!meeting) return undefined;
  return noteFormCard(groupLanguage(target.programme), { meeting, groupName: target.group.name });
}
