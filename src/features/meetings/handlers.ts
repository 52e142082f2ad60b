import type { Listeners } from '../../platform/teams/listeners.js';
import type { GroupRef } from '../membership/access.js';
import { groupRefSchema } from '../programmes/schema.js';
import { meetingForm, saveMeeting } from './creation.js';
import type { MeetingsDeps } from './deps.js';
import {
  itemForm,
  moveAgendaItem,
  pasteForm,
  pasteProgramme,
  removeAgendaItem,
  saveItem,
  showEditor,
} from './editing.js';
import { groupOfMeeting } from './meeting-of.js';
import { addNoteFromCard, addNoteFromChat, onMeetingEnded, onMeetingStarted, showNotes } from './notes.js';
import { openMeetingForm } from './planning.js';
import { reviseMeetingForm } from './programme-preview.js';
import { dueReminders } from './reminders.js';
import {
  itemFormInputSchema,
  itemRefSchema,
  meetingFormInputSchema,
  meetingFormRefSchema,
  meetingRefSchema,
  moveInputSchema,
  noteInputSchema,
  pasteInputSchema,
} from './schema.js';
import {
  AGENDA_POSTED,
  AGENDA_PUBLISHED,
  afterPublishing,
  calendarFile,
  publishAgenda,
  rememberAgendaCard,
  showMeeting,
  showNextMeeting,
} from './sharing.js';

/**
 * Meeting days and their agendas: coordinators plan a day (from a decided date poll, or from scratch), build the
 * agenda from cards or pasted text and publish it to the group's channel, where edits update the same card;
 * the group is reminded before the day, gets the agenda when the Teams meeting starts and is asked for notes
 * when it ends; anyone in the group can ask for the next meeting, its agenda and the notes of earlier ones.
 */
export function registerMeetings({ router, scheduler, http, outbox }: Listeners, deps: MeetingsDeps): void {
  const { gate } = deps;
  const ofMeeting = groupOfMeeting(deps);
  // A form for a new meeting names its group; one for an existing meeting names the meeting.
  const ofForm = async (ref: { programmeId: string; groupId: string; meetingId: string }): Promise<GroupRef> =>
    ref.meetingId ? ofMeeting(ref) : ref;
  const notInGroup = { refusal: 'meetings:errors.notInGroup' };
  const planner = gate.turnGroup('coordinator', {
    verb: 'meetings.form',
    title: 'meetings:choose.groupForMeeting',
    none: 'meetings:errors.noGroupToPlan',
  });
  const coordinator = gate.groupOf('coordinator', ofMeeting);
  const readerOf = (verb: string, ambiguous?: string) =>
    gate.turnGroup(
      'reader',
      { verb, title: 'meetings:choose.group', none: 'meetings:errors.noGroups', ...(ambiguous ? { ambiguous } : {}) },
      notInGroup,
    );
  const presentOf = (verb: string) =>
    gate.turnGroup('present', { verb, title: 'meetings:choose.group', none: 'meetings:errors.noGroups' }, notInGroup);

  router.command('newMeeting', planner, 'reads', (turn, group) => meetingForm(turn, deps, group));
  router.cardAction('meetings.form', meetingFormRefSchema, gate.groupOf('coordinator', ofForm), 'reads', (t, g, ref) =>
    openMeetingForm(t, deps, g, ref),
  );
  router.cardAction(
    'meetings.save',
    meetingFormInputSchema,
    gate.groupOf('coordinator', ofForm),
    'changes',
    (t, g, i) => saveMeeting(t, deps, g, i),
  );
  router.cardAction(
    'meetings.reviseForm',
    meetingFormInputSchema,
    gate.groupOf('coordinator', ofForm),
    'reads',
    (t, g, i) => reviseMeetingForm(t, deps, g, i),
  );

  router.cardAction('meetings.edit', meetingRefSchema, coordinator, 'reads', (t, g, ref) =>
    showEditor(t, deps, g, ref),
  );
  router.cardAction('meetings.itemForm', itemRefSchema, coordinator, 'reads', (t, g, ref) => itemForm(t, deps, g, ref));
  router.cardAction('meetings.saveItem', itemFormInputSchema, coordinator, 'changes', (t, g, i) =>
    saveItem(t, deps, g, i),
  );
  router.cardAction('meetings.moveItem', moveInputSchema, coordinator, 'changes', (t, g, i) =>
    moveAgendaItem(t, deps, g, i),
  );
  router.cardAction('meetings.removeItem', itemRefSchema, coordinator, 'changes', (t, g, i) =>
    removeAgendaItem(t, deps, g, i),
  );
  router.cardAction('meetings.pasteForm', pasteInputSchema, coordinator, 'reads', (t, g, i) =>
    pasteForm(t, deps, g, i),
  );
  router.cardAction('meetings.paste', pasteInputSchema, coordinator, 'changes', (t, g, i) =>
    pasteProgramme(t, deps, g, i),
  );
  router.cardAction('meetings.publish', meetingRefSchema, coordinator, 'changes', (t, g, { meetingId }) =>
    publishAgenda(t, deps, g, meetingId),
  );

  router.command('nextMeeting', presentOf('meetings.next'), 'reads', (t, g) => showNextMeeting(t, deps, g, false));
  router.command('agenda', presentOf('meetings.agenda'), 'reads', (t, g) => showNextMeeting(t, deps, g, true));
  router.cardAction('meetings.next', groupRefSchema, gate.group('present', notInGroup), 'reads', (t, g) =>
    showNextMeeting(t, deps, g, false),
  );
  router.cardAction('meetings.agenda', groupRefSchema, gate.group('present', notInGroup), 'reads', (t, g) =>
    showNextMeeting(t, deps, g, true),
  );
  router.cardAction(
    'meetings.show',
    meetingRefSchema,
    gate.groupOf('present', ofMeeting, notInGroup),
    'reads',
    (t, g, ref) => showMeeting(t, deps, g, ref.meetingId),
  );

  router.command('notes', readerOf('meetings.notes'), 'reads', (turn, group) => showNotes(turn, deps, group));
  router.cardAction('meetings.notes', groupRefSchema, gate.group('reader', notInGroup), 'reads', (turn, group) =>
    showNotes(turn, deps, group),
  );
  router.command('addNote', readerOf('meetings.notes', 'meetings:errors.noteWhere'), 'changes', (turn, group) =>
    addNoteFromChat(turn, deps, group),
  );
  router.cardAction(
    'meetings.addNote',
    noteInputSchema,
    gate.groupOf('reader', ofMeeting, notInGroup),
    'changes',
    (t, g, i) => addNoteFromCard(t, deps, g, i),
  );

  router.meetingStarted(gate.conversation, (turn, group, meeting) => onMeetingStarted(turn, deps, group, meeting));
  router.meetingEnded(gate.conversation, (turn, group, meeting) => onMeetingEnded(turn, deps, group, meeting));

  scheduler.register('meetings.reminders', dueReminders(deps));
  outbox.onDelivered(AGENDA_POSTED, rememberAgendaCard(deps));
  outbox.onSettled(AGENDA_PUBLISHED, afterPublishing(deps));
  http.get('/meetings/:programmeId/:meetingId/:file', calendarFile(deps));
}
