import type { z } from 'zod/v4';
import type { Documents } from '../../platform/cosmos/documents.js';
import type { PersonalDataSource, PersonalItem, Placeholder } from '../../platform/personal-data.js';
import type { ProgrammeStore } from '../programmes/store.js';
import { meetingDefaultsSchema, meetingSchema, noteSchema, type Meeting } from './schema.js';

/**
 * Personal data in meetings: notes name their author; meeting days name the coordinator who made them (and the
 * programme's meeting defaults who last set them); agendas name presenters, typed in by coordinators. Notes are
 * the group's shared record: erasing a person keeps the text with the placeholder as author. A programme past
 * its retention time keeps its meetings and notes without anyone's name, presenters included.
 */
export function meetingPersonalData(programmes: ProgrammeStore, meetings: Documents): PersonalDataSource[] {
  return [
    namedSource(programmes, meetings, 'notes', [anyKind(NOTES)]),
    namedSource(programmes, meetings, 'meetings', [anyKind(MEETING_DAYS), anyKind(DEFAULTS)]),
  ];
}

/** One type of document in `meetings` that names a person in one field, and how to show and replace them. */
type Named<T> = {
  schema: z.ZodType<T>;
  type: string;
  /** The field in SQL, e.g. `c.author.id`. */
  field: string;
  withPerson: (document: T, placeholder: Placeholder) => T;
  item: (document: T) => Omit<PersonalItem, 'programmeId'>;
  /** What retention does beyond replacing the person (a meeting's presenters); defaults to withPerson. */
  forget?: (document: T, placeholder: Placeholder) => T;
};

const NOTES: Named<z.infer<typeof noteSchema>> = {
  schema: noteSchema,
  type: 'note',
  field: 'c.author.id',
  withPerson: (note, placeholder) => ({ ...note, author: { ...placeholder } }),
  item: (note) => ({
    what: note.text,
    at: note.createdAt,
    details: { groupId: note.groupId, meetingId: note.meetingId, text: note.text, links: note.links },
  }),
};

const MEETING_DAYS: Named<Meeting> = {
  schema: meetingSchema,
  type: 'meeting',
  field: 'c.createdBy.id',
  withPerson: (meeting, placeholder) => ({ ...meeting, createdBy: { ...placeholder } }),
  item: (meeting) => ({
    what: meeting.title || meeting.date,
    at: meeting.createdAt,
    details: { meetingId: meeting.meetingId, date: meeting.date, createdBy: meeting.createdBy },
  }),
  forget: (meeting, placeholder) => ({
    ...meeting,
    createdBy: { ...placeholder },
    items: meeting.items.map((item) => ({
      ...item,
      presenters: item.presenters.map((presenter) => ({ ...presenter, name: placeholder.name })),
    })),
  }),
};

const DEFAULTS: Named<z.infer<typeof meetingDefaultsSchema>> = {
  schema: meetingDefaultsSchema,
  type: 'meetingDefaults',
  field: 'c.updatedBy.id',
  withPerson: (defaults, placeholder) => ({ ...defaults, updatedBy: { ...placeholder } }),
  item: (defaults) => ({ what: 'meetingDefaults', at: defaults.updatedAt, details: { updatedBy: defaults.updatedBy } }),
};

type AnyKind = Named<{ id: string }>;

/** The kinds differ in their document type; the source treats each alike through its own functions. */
function anyKind<T extends { id: string }>(kind: Named<T>): AnyKind {
  return kind as unknown as AnyKind;
}

/** A programme's documents of one kind, or only those naming the person; and rewriting them. */
function kindReads(meetings: Documents) {
  const of = (kind: AnyKind, programmeId: string, personId?: string) =>
    meetings.query(
      kind.schema,
      {
        query: `SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = @type${personId ? ` AND ${kind.field} = @personId` : ''}`,
        parameters: [
          { name: '@programmeId', value: programmeId },
          { name: '@type', value: kind.type },
          ...(personId ? [{ name: '@personId', value: personId }] : []),
        ],
      },
      programmeId,
    );
  const rewrite = async (
    kind: AnyKind,
    programmeId: string,
    change: (d: { id: string }) => { id: string },
    personId?: string,
  ) => {
    let touched = 0;
    for (const document of await of(kind, programmeId, personId)) {
      await meetings.update(kind.schema, document.id, programmeId, change);
      touched += 1;
    }
    return touched;
  };
  return { of, rewrite };
}

function namedSource(
  programmes: ProgrammeStore,
  meetings: Documents,
  name: string,
  kinds: AnyKind[],
): PersonalDataSource {
  const container = meetings.name;
  const programmeIds = async () => (await programmes.list()).map((p) => p.programmeId);
  const { of, rewrite } = kindReads(meetings);
  return {
    name,
    containers: [container],
    async find(personId) {
      const found: PersonalItem[] = [];
      for (const programmeId of await programmeIds())
        for (const kind of kinds)
          found.push(...(await of(kind, programmeId, personId)).map((d) => ({ programmeId, ...kind.item(d) })));
      return found;
    },
    async erase(personId, placeholder) {
      let touched = 0;
      for (const programmeId of await programmeIds())
        for (const kind of kinds)
          touched += await rewrite(kind, programmeId, (d) => kind.withPerson(d, placeholder), personId);
      return { [container]: touched };
    },
    async forgetProgramme(programmeId, placeholder) {
      let touched = 0;
      for (const kind of kinds) {
        const forget = kind.forget ?? kind.withPerson;
        touched += await rewrite(kind, programmeId, (d) => forget(d, placeholder));
      }
      return { [container]: touched };
    },
  };
}
