import { z } from 'zod/v4';
import type { Listeners } from '../../platform/teams/listeners.js';
import { groupRefSchema } from '../programmes/schema.js';
import { groupForReader, isTarget, requireAgendaReader, requireReadableGroup } from './access.js';
import { editMeetingForm, meetingForm, newMeeting, saveMeeting } from './creation.js';
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
import {
  addNoteFromCard,
  addNoteFromChat,
  notesCommand,
  onMeetingEnded,
  onMeetingStarted,
  showNotes,
} from './notes.js';
import { dueReminders } from './reminders.js';
import {
  itemFormInputSchema,
  itemRefSchema,
  meetingFormInputSchema,
  meetingRefSchema,
  moveInputSchema,
  noteInputSchema,
  pasteInputSchema,
} from './schema.js';
import { calendarFile, publishAgenda, showMeeting, showNextMeeting } from './sharing.js';

/** The meeting form opens for a group (new meeting) or for a meeting (change its day, time and place). */
const formRefSchema = z.object({
  programmeId: z.string().min(1),
  groupId: z.string().default(''),
  meetingId: z.string().default(''),
});

/**
 * Meeting days and their agendas: coordinators plan a day (from a decided date poll, or from scratch), build the
 * agenda from cards or pasted text and publish it to the group's channel, where edits update the same card;
 * the group is reminded before the day, gets the agenda when the Teams meeting starts and is asked for notes
 * when it ends; anyone in the group can ask for the next meeting, its agenda and the notes of earlier ones.
 */
export function registerMeetings({ router, scheduler, http }: Listeners, deps: MeetingsDeps): void {
  router.command('newMeeting', (turn) => newMeeting(turn, deps));
  router.cardAction('meetings.form', formRefSchema, (turn, { programmeId, groupId, meetingId }) =>
    meetingId ? editMeetingForm(turn, deps, programmeId, meetingId) : meetingForm(turn, deps, programmeId, groupId),
  );
  router.cardAction('meetings.save', meetingFormInputSchema, (turn, input) => saveMeeting(turn, deps, input));

  router.cardAction('meetings.edit', meetingRefSchema, (turn, ref) => showEditor(turn, deps, ref));
  router.cardAction('meetings.itemForm', itemRefSchema, (turn, ref) => itemForm(turn, deps, ref));
  router.cardAction('meetings.saveItem', itemFormInputSchema, (turn, input) => saveItem(turn, deps, input));
  router.cardAction('meetings.moveItem', moveInputSchema, (turn, input) => moveAgendaItem(turn, deps, input));
  router.cardAction('meetings.removeItem', itemRefSchema, (turn, input) => removeAgendaItem(turn, deps, input));
  router.cardAction('meetings.pasteForm', meetingRefSchema, (turn, ref) => pasteForm(turn, deps, ref));
  router.cardAction('meetings.paste', pasteInputSchema, (turn, input) => pasteProgramme(turn, deps, input));
  router.cardAction('meetings.publish', meetingRefSchema, (turn, { programmeId, meetingId }) =>
    publishAgenda(turn, deps, programmeId, meetingId),
  );

  router.command('nextMeeting', async (turn) => {
    const target = await groupForReader(turn, deps, 'meetings.next');
    return isTarget(target) ? showNextMeeting(turn, deps, target, false) : target;
  });
  router.command('agenda', async (turn) => {
    const target = await groupForReader(turn, deps, 'meetings.agenda');
    return isTarget(target) ? showNextMeeting(turn, deps, target, true) : target;
  });
  router.cardAction('meetings.next', groupRefSchema, async (turn, { programmeId, groupId }) =>
    showNextMeeting(turn, deps, await requireAgendaReader(turn, deps, programmeId, groupId), false),
  );
  router.cardAction('meetings.agenda', groupRefSchema, async (turn, { programmeId, groupId }) =>
    showNextMeeting(turn, deps, await requireAgendaReader(turn, deps, programmeId, groupId), true),
  );
  router.cardAction('meetings.show', meetingRefSchema, (turn, { programmeId, meetingId }) =>
    showMeeting(turn, deps, programmeId, meetingId),
  );

  router.command('notes', (turn) => notesCommand(turn, deps));
  router.cardAction('meetings.notes', groupRefSchema, async (turn, { programmeId, groupId }) =>
    showNotes(turn, deps, await requireReadableGroup(turn, deps, programmeId, groupId)),
  );
  router.command('addNote', (turn) => addNoteFromChat(turn, deps));
  router.cardAction('meetings.addNote', noteInputSchema, (turn, input) => addNoteFromCard(turn, deps, input));

  router.meetingStarted((turn, meeting) => onMeetingStarted(turn, deps, meeting));
  router.meetingEnded((turn, meeting) => onMeetingEnded(turn, deps, meeting));

  scheduler.register('meetings.reminders', dueReminders(deps));
  http.get('/meetings/:programmeId/:meetingId/:file', calendarFile(deps));
}
