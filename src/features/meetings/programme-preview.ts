import { createHash } from 'node:crypto';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { subtitle } from './cards.js';
import { formValuesOf, meetingFormCard } from './form-cards.js';
import { programmePreviewCard, type PreviewAction, type ProgrammePreview } from './programme-preview-cards.js';
import type { MeetingsDeps } from './deps.js';
import { addProgramme } from './agenda-rules.js';
import { sessionNamed, type Changed } from './domain.js';
import { newItemId } from './ids.js';
import { meetingIn } from './meeting-of.js';
import { readProgrammeText } from './programme-text.js';
import { meetingOnDay, sameDayChoice } from './same-day.js';
import type { Meeting, MeetingFormInput, PasteInput } from './schema.js';

/**
 * A pasted programme is shown as it was read before anything is saved: the coordinator accepts the reading, or
 * changes the text (kept on the card) and reads it again, or goes back to the form with everything typed. The
 * accept button carries a fingerprint of the text that was read, so an edited text is read and shown again
 * rather than saved unseen.
 */

/** The fingerprint of a pasted text, the same whichever line endings a client sends it back with. */
export function textFingerprint(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n').trim();
  return createHash('sha256').update(normalised).digest('hex').slice(0, 16);
}

/** True when the coordinator accepted the reading of exactly this text. */
export function isAccepted(previewed: string, text: string): boolean {
  return previewed !== '' && previewed === textFingerprint(text);
}

export type ProgrammeRead = Changed & { readItems: { id: string; isBreak: boolean }[]; unread: string[] };

/**
 * The text read into the agenda, in memory: the agenda it would make (every agenda rule checked), the items the
 * text gave with which of them are breaks, and the text no item took. Nothing is written.
 */
export function readIntoAgenda(meeting: Meeting, text: string, sessionId: string, now: Date): ProgrammeRead {
  const reading = readProgrammeText(text, {
    isHeading: (line) => sessionNamed(meeting.sessions, line) !== undefined,
  });
  const items = reading.entries.flatMap((entry) => ('item' in entry ? [entry.item] : []));
  const readItems: ProgrammeRead['readItems'] = [];
  // addProgramme asks for one id per item, in the order read: the nth id is the nth item's.
  const recordingId = () => {
    const id = newItemId();
    readItems.push({ id, isBreak: items[readItems.length]?.isBreak === true });
    return id;
  };
  const changed = addProgramme(meeting, reading.entries, sessionId, recordingId, now);
  return { ...changed, readItems, unread: reading.unread };
}

const PASTES_REMEMBERED = 20;

/**
 * The accepted reading of a pasted text, added to the agenda once: the same text accepted again changes nothing.
 * Checked inside the ETag-guarded change, so two deliveries at the same moment still add it once.
 */
export function addAcceptedProgramme(meeting: Meeting, text: string, sessionId: string, now: Date): Changed {
  const fingerprint = textFingerprint(text);
  const pasted = meeting.pastedTexts ?? [];
  if (pasted.includes(fingerprint)) return { meeting, change: undefined };
  const read = readIntoAgenda(meeting, text, sessionId, now);
  const pastedTexts = [...pasted, fingerprint].slice(-PASTES_REMEMBERED);
  return { meeting: { ...read.meeting, pastedTexts }, change: read.change };
}

function previewView(
  turn: Turn,
  read: ProgrammeRead,
  view: Omit<ProgrammePreview, 'meeting' | 'readItems' | 'unread' | 'notice'> & { previewed: string },
): ProgrammePreview {
  return {
    ...view,
    meeting: read.meeting,
    readItems: read.readItems,
    unread: read.unread,
    // Accept was pressed on a text changed after it was read: this is the new reading, nothing is saved yet.
    ...(view.previewed ? { notice: turn.t('meetings:cards.preview.changed') } : {}),
  };
}

/** The new-meeting form's fields besides the text box, for the preview's buttons to send back. */
function formData(input: MeetingFormInput): Record<string, string> {
  const { programmeText: _text, previewed: _previewed, ...rest } = input;
  return rest;
}

/** The reading of a new meeting's pasted programme, with the meeting's day above it. */
export function newMeetingPreview(
  turn: Turn,
  view: { input: MeetingFormInput; groupName: string; read: ProgrammeRead },
): CardReply {
  const { input, read } = view;
  const data = formData(input);
  const accept: PreviewAction = {
    verb: 'meetings.save',
    data: { ...data, previewed: textFingerprint(input.programmeText) },
  };
  return programmePreviewCard(
    turn,
    previewView(turn, read, {
      subtitle: `${subtitle(turn, read.meeting, view.groupName)} · ${read.meeting.startTime}–${read.meeting.endTime}`,
      typed: input.programmeText,
      textInput: 'programmeText',
      acceptTitle: turn.t(input.then === 'publish' ? 'meetings:cards.form.saveAndPublish' : 'meetings:cards.form.save'),
      accept,
      readAgain: data,
      back: { verb: 'meetings.reviseForm', data },
      previewed: input.previewed,
    }),
  );
}

/** Back from the preview: the new-meeting form as the coordinator left it, the text as now typed. */
export async function reviseMeetingForm(
  turn: Turn,
  deps: MeetingsDeps,
  { programme, group }: GroupAccess,
  input: MeetingFormInput,
): Promise<CardReply> {
  const { programmeId } = programme;
  const planned =
    input.sameDay === 'true'
      ? await meetingOnDay(deps, { programmeId, groupId: group.id, date: input.date })
      : undefined;
  return meetingFormCard(turn, {
    programmeId,
    groupId: group.id,
    groupName: group.name,
    ...(input.fromPollId ? { fromPollId: input.fromPollId } : {}),
    values: formValuesOf(input),
    ...(planned ? { sameDay: sameDayChoice(turn, group, planned, true) } : {}),
  });
}

/** The reading of a programme pasted into an existing agenda: the items it adds, where they will go. */
export async function previewPaste(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  input: PasteInput,
): Promise<CardReply> {
  const { group } = access;
  const meeting = await meetingIn(deps, access, input.meetingId);
  const sessionId = input.sessionId || meeting.sessions[0]!.id;
  const read = readIntoAgenda(meeting, input.text, sessionId, turn.now);
  const data = { programmeId: input.programmeId, meetingId: input.meetingId, sessionId };
  return programmePreviewCard(
    turn,
    previewView(turn, read, {
      subtitle: subtitle(turn, meeting, group.name),
      typed: input.text,
      textInput: 'text',
      acceptTitle: turn.t('meetings:cards.preview.add'),
      accept: { verb: 'meetings.paste', data: { ...data, previewed: textFingerprint(input.text) } },
      readAgain: data,
      back: { verb: 'meetings.pasteForm', data },
      previewed: input.previewed,
    }),
  );
}
