import { notReachedNote } from '../../platform/outbox/follow-up.js';
import { Refusal } from '../../platform/refusal.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { meetingIn } from './meeting-of.js';
import { editorCard } from './agenda-cards.js';
import { itemFormCard, pasteFormCard } from './form-cards.js';
import { newItemId } from './ids.js';
import type { MeetingsDeps } from './deps.js';
import { addItem, buildItem, changeItem, moveItem, readItemForm, removeItem } from './agenda-rules.js';
import type { AgendaChange, Changed } from './domain.js';
import { addAcceptedProgramme, isAccepted, previewPaste } from './programme-preview.js';
import { meetingOrigin, type ItemFormInput, type Meeting, type PasteInput } from './schema.js';
import { shareChange } from './sharing.js';

type MeetingRef = { meetingId: string };

function confirmation(turn: Turn, change: AgendaChange): string {
  switch (change.kind) {
    case 'itemAdded':
      return turn.t('meetings:confirmations.itemAdded', { title: change.title });
    case 'itemChanged':
      return turn.t('meetings:confirmations.itemSaved', { title: change.title });
    case 'itemMoved':
      return turn.t('meetings:confirmations.itemMoved', { title: change.title });
    case 'itemRescheduled':
      return turn.t(`meetings:confirmations.itemRescheduled${change.after ? 'After' : 'First'}`, change);
    case 'itemRemoved':
      return turn.t('meetings:confirmations.itemRemoved', { title: change.title });
    case 'itemsAdded':
      return turn.t('meetings:confirmations.pasted', { count: change.count });
    case 'details':
      return turn.t('meetings:confirmations.saved');
  }
}

/**
 * Applies a coordinator's change to the agenda under the ETag (a refusal inside writes nothing), then, when
 * the agenda is published, updates the posted card in place and tells the group what changed. Answers with
 * the editor, the confirmation on top.
 */
async function changeAgenda(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  { meetingId }: MeetingRef,
  apply: (meeting: Meeting) => Changed,
  selectedItemId?: string,
): Promise<CardReply> {
  const { group } = access;
  const { programmeId } = await meetingIn(deps, access, meetingId);
  let change: AgendaChange | undefined;
  const saved = await deps.meetings.update(programmeId, meetingId, (current) => {
    const result = apply(current);
    change = result.change;
    return result.change ? result.meeting : undefined;
  });
  const shared = change ? await shareChange(deps, saved, access, change, turn) : true;
  const notice = [
    ...(change ? [confirmation(turn, change)] : []),
    ...(shared ? [] : [turn.t('meetings:confirmations.shareFailed')]),
  ].join(' ');
  return editorCard(turn, {
    meeting: saved,
    groupName: group.name,
    notice,
    ...(selectedItemId ? { selectedItemId } : {}),
  });
}

export async function showEditor(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  { meetingId }: MeetingRef,
): Promise<CardReply> {
  const { group } = access;
  const meeting = await meetingIn(deps, access, meetingId);
  const warning = await notReachedNote(deps.outbox, meetingOrigin(meeting), turn.t);
  return editorCard(turn, { meeting, groupName: group.name, warning });
}

/** The item form: empty for a new item, filled in for the item chosen on the editor. */
export async function itemForm(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  ref: MeetingRef & { itemId: string },
): Promise<CardReply> {
  const { group } = access;
  const meeting = await meetingIn(deps, access, ref.meetingId);
  const item = ref.itemId ? meeting.items.find((i) => i.id === ref.itemId) : undefined;
  if (ref.itemId && !item) throw new Refusal('meetings:errors.unknownItem');
  return itemFormCard(turn, { meeting, groupName: group.name, ...(item ? { item } : {}) });
}

/** The form is read inside the change, after the coordinator check: someone else's programme is refused first. */
export function saveItem(turn: Turn, deps: MeetingsDeps, access: GroupAccess, input: ItemFormInput) {
  const itemId = input.itemId || newItemId();
  return changeAgenda(
    turn,
    deps,
    access,
    input,
    (meeting) => {
      const item = buildItem(itemId, input.sessionId || meeting.sessions[0]!.id, readItemForm(input));
      return input.itemId ? changeItem(meeting, item, turn.now) : addItem(meeting, item, turn.now);
    },
    itemId,
  );
}

export function moveAgendaItem(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  input: MeetingRef & { itemId: string; direction: 'up' | 'down' },
): Promise<CardReply> {
  return changeAgenda(
    turn,
    deps,
    access,
    input,
    (meeting) => moveItem(meeting, input.itemId, input.direction, turn.now),
    input.itemId,
  );
}

export function removeAgendaItem(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  input: MeetingRef & { itemId: string },
): Promise<CardReply> {
  return changeAgenda(turn, deps, access, input, (meeting) => removeItem(meeting, input.itemId, turn.now));
}

/** The paste form: empty from the editor, or back from the preview with the text and session as they were. */
export async function pasteForm(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  input: PasteInput,
): Promise<CardReply> {
  const meeting = await meetingIn(deps, access, input.meetingId);
  return pasteFormCard(turn, {
    meeting,
    groupName: access.group.name,
    typed: input.text,
    sessionId: input.sessionId,
  });
}

/**
 * A pasted programme is first shown as read; once the coordinator accepts that reading, its items go at the end
 * of the chosen session: a draft to correct, all or nothing.
 */
export function pasteProgramme(
  turn: Turn,
  deps: MeetingsDeps,
  access: GroupAccess,
  input: PasteInput,
): Promise<CardReply> {
  if (!isAccepted(input.previewed, input.text)) return previewPaste(turn, deps, access, input);
  return changeAgenda(turn, deps, access, input, (meeting) =>
    addAcceptedProgramme(meeting, input.text, input.sessionId || meeting.sessions[0]!.id, turn.now),
  );
}
