import type { Documents } from '../../platform/cosmos/documents.js';
import type { PersonalDataSource, Placeholder } from '../../platform/personal-data.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { z } from 'zod/v4';
import { meetingDefaultsSchema, meetingSchema, noteSchema, type Meeting } from './schema.js';

/**
 * Personal data in meetings: notes name their author; meeting days name the coordinator who made them (and the
 * programme's meeting defaults who last set them); agendas name presenters, typed in by coordinators. Notes are
 * the group's shared record: erasing a person keeps the text with the placeholder as author. A programme past
 * its retention time keeps its meetings and notes without anyone's name, presenters included.
 */
export function meetingPersonalData(programmes: ProgrammeStore, meetings: Documents): PersonalDataSource[] {
  const container = meetings.name;
  const programmeIds = async (only?: string) => (only ? [only] : (await programmes.list()).map((p) => p.programmeId));
  /** A programme's documents of one type, or only those naming the person (in the type's person field). */
  const ofType =
    <T>(schema: z.ZodType<T>, type: keyof typeof PERSON_FIELDS) =>
    (programmeId: string, personId?: string) =>
      meetings.query(
        schema,
        {
          query: `SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = @type${personId ? ` AND ${PERSON_FIELDS[type]} = @personId` : ''}`,
          parameters: [
            { name: '@programmeId', value: programmeId },
            { name: '@type', value: type },
            ...(personId ? [{ name: '@personId', value: personId }] : []),
          ],
        },
        programmeId,
      );
  const notesOf = ofType(noteSchema, 'note');
  const meetingsOf = ofType(meetingSchema, 'meeting');
  const defaultsOf = ofType(meetingDefaultsSchema, 'meetingDefaults');

  const notes: PersonalDataSource = {
    name: 'notes',
    containers: [container],
    async find(personId) {
      const found = [];
      for (const programmeId of await programmeIds()) {
        for (const note of await notesOf(programmeId, personId)) {
          found.push({
            programmeId,
            what: note.text,
            at: note.createdAt,
            details: { groupId: note.groupId, meetingId: note.meetingId, text: note.text, links: note.links },
          });
        }
      }
      return found;
    },
    erase: async (personId, placeholder) => {
      let touched = 0;
      for (const programmeId of await programmeIds()) {
        for (const note of await notesOf(programmeId, personId)) {
          await meetings.update(noteSchema, note.id, programmeId, (current) => ({
            ...current,
            author: { ...placeholder },
          }));
          touched += 1;
        }
      }
      return { [container]: touched };
    },
    forgetProgramme: async (programmeId, placeholder) => {
      let touched = 0;
      for (const note of await notesOf(programmeId)) {
        if (note.author.id === placeholder.id) continue;
        await meetings.update(noteSchema, note.id, programmeId, (current) => ({
          ...current,
          author: { ...placeholder },
        }));
        touched += 1;
      }
      return { [container]: touched };
    },
  };

  const days: PersonalDataSource = {
    name: 'meetings',
    containers: [container],
    async find(personId) {
      const found = [];
      for (const programmeId of await programmeIds()) {
        for (const meeting of await meetingsOf(programmeId, personId)) {
          found.push({
            programmeId,
            what: meeting.title || meeting.date,
            at: meeting.createdAt,
            details: { meetingId: meeting.meetingId, date: meeting.date, createdBy: meeting.createdBy },
          });
        }
        for (const defaults of await defaultsOf(programmeId, personId)) {
          found.push({
            programmeId,
            what: 'meetingDefaults',
            at: defaults.updatedAt,
            details: { updatedBy: defaults.updatedBy },
          });
        }
      }
      return found;
    },
    erase: async (personId, placeholder) => {
      let touched = 0;
      for (const programmeId of await programmeIds()) {
        for (const meeting of await meetingsOf(programmeId, personId)) {
          await meetings.update(meetingSchema, meeting.id, programmeId, (current) => ({
            ...current,
            createdBy: { ...placeholder },
          }));
          touched += 1;
        }
        for (const defaults of await defaultsOf(programmeId, personId)) {
          await meetings.update(meetingDefaultsSchema, defaults.id, programmeId, (current) => ({
            ...current,
            updatedBy: { ...placeholder },
          }));
          touched += 1;
        }
      }
      return { [container]: touched };
    },
    forgetProgramme: async (programmeId, placeholder) => {
      let touched = 0;
      for (const meeting of await meetingsOf(programmeId)) {
        await meetings.update(meetingSchema, meeting.id, programmeId, (current) => withoutPeople(current, placeholder));
        touched += 1;
      }
      for (const defaults of await defaultsOf(programmeId)) {
        await meetings.update(meetingDefaultsSchema, defaults.id, programmeId, (current) => ({
          ...current,
          updatedBy: { ...placeholder },
        }));
        touched += 1;
      }
      return { [container]: touched };
    },
  };

  return [notes, days];
}

/** Which field names the person in each kind of meetings document. */
const PERSON_FIELDS = {
  note: 'c.author.id',
  meeting: 'c.createdBy.id',
  meetingDefaults: 'c.updatedBy.id',
} as const;

/** A meeting day as kept after its programme's retention time: no author, no presenter's name. */
function withoutPeople(meeting: Meeting, placeholder: Placeholder): Meeting {
  return {
    ...meeting,
    createdBy: { ...placeholder },
    items: meeting.items.map((item) => ({
      ...item,
      presenters: item.presenters.map((presenter) => ({ ...presenter, name: placeholder.name })),
    })),
  };
}
