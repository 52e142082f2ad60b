import type { Documents, Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import {
  MEETING_DEFAULTS_ID,
  meetingDefaultsSchema,
  meetingSchema,
  noteSchema,
  type Meeting,
  type MeetingDefaults,
  type Note,
} from './schema.js';

/**
 * Cosmos access for meetings: meeting days (agenda inside), notes (one document each) and the programme's
 * meeting defaults, all in the programme's partition of `meetings`. Every query names the programme in WHERE.
 */
export class MeetingStore {
  constructor(private readonly meetings: Documents) {}

  get(programmeId: string, meetingId: string): Promise<Stored<Meeting> | undefined> {
    return this.meetings.read(meetingSchema, meetingId, programmeId);
  }

  async require(programmeId: string, meetingId: string): Promise<Stored<Meeting>> {
    const meeting = await this.get(programmeId, meetingId);
    if (!meeting) throw new Refusal('meetings:errors.unknownMeeting');
    return meeting;
  }

  create(meeting: Meeting): Promise<Stored<Meeting>> {
    return this.meetings.create(meeting);
  }

  /** ETag-guarded; `change` may throw a Refusal (nothing is written) or return undefined (nothing to do). */
  async update(
    programmeId: string,
    meetingId: string,
    change: (meeting: Meeting) => Meeting | undefined,
  ): Promise<Stored<Meeting>> {
    const updated = await this.meetings.update(meetingSchema, meetingId, programmeId, change);
    if (!updated) throw new Refusal('meetings:errors.unknownMeeting');
    return updated;
  }

  delete(programmeId: string, meetingId: string): Promise<void> {
    return this.meetings.delete(meetingId, programmeId);
  }

  /** A group's meeting days, earliest first. */
  listForGroup(programmeId: string, groupId: string): Promise<Stored<Meeting>[]> {
    return this.meetings.query(
      meetingSchema,
      {
        query:
          "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'meeting' AND c.groupId = @groupId ORDER BY c.date",
        parameters: [
          { name: '@programmeId', value: programmeId },
          { name: '@groupId', value: groupId },
        ],
      },
      programmeId,
    );
  }

  /** Published meetings from `today` on, for reminders. Crosses partitions, once a minute, over a handful of meetings. */
  listPublishedFrom(today: string): Promise<Stored<Meeting>[]> {
    return this.meetings.query(meetingSchema, {
      query: "SELECT * FROM c WHERE c.type = 'meeting' AND c.status = 'published' AND c.date >= @today",
      parameters: [{ name: '@today', value: today }],
    });
  }

  /** Meetings whose place is the Teams meeting held in this chat. Crosses partitions; only meeting events ask. */
  listForMeetingChat(conversationId: string): Promise<Stored<Meeting>[]> {
    return this.meetings.query(meetingSchema, {
      query: "SELECT * FROM c WHERE c.type = 'meeting' AND c.meetingChatId = @conversationId",
      parameters: [{ name: '@conversationId', value: conversationId }],
    });
  }

  addNote(note: Note): Promise<Stored<Note>> {
    return this.meetings.create(note);
  }

  /** A group's notes, newest first. */
  listNotes(programmeId: string, groupId: string): Promise<Stored<Note>[]> {
    return this.meetings.query(
      noteSchema,
      {
        query:
          "SELECT * FROM c WHERE c.programmeId = @programmeId AND c.type = 'note' AND c.groupId = @groupId ORDER BY c.createdAt DESC",
        parameters: [
          { name: '@programmeId', value: programmeId },
          { name: '@groupId', value: groupId },
        ],
      },
      programmeId,
    );
  }

  getDefaults(programmeId: string): Promise<Stored<MeetingDefaults> | undefined> {
    return this.meetings.read(meetingDefaultsSchema, MEETING_DEFAULTS_ID, programmeId);
  }

  saveDefaults(defaults: MeetingDefaults): Promise<Stored<MeetingDefaults>> {
    return this.meetings.upsert(defaults);
  }
}
