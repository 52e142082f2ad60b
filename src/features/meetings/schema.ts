import { z } from 'zod/v4';
import { idSchema, optionalIdSchema } from '../../platform/ids.js';
import { isoDateSchema, personSchema, programmeRefSchema } from '../programmes/schema.js';

/**
 * The meeting vocabulary. Meeting days (with their agendas) and notes share the programme's partition
 * (`/programmeId`) of the `meetings` container, so a group's next meeting and its earlier notes are one
 * single-partition query.
 */
export const SESSION_KINDS = ['morning', 'afternoon', 'custom'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/** A part of the day: morning and afternoon are named in the reader's language, a custom one as written. */
export const sessionSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(SESSION_KINDS),
  title: z.string().default(''),
});
export type Session = z.infer<typeof sessionSchema>;

export const presenterSchema = z.object({
  name: z.string().min(1),
  role: z.string().default(''),
  organisation: z.string().default(''),
});
export type Presenter = z.infer<typeof presenterSchema>;

export const linkSchema = z.object({ url: z.string().min(1), title: z.string().default('') });
export type Link = z.infer<typeof linkSchema>;

export const agendaItemSchema = z.object({
  id: z.string().min(1),
  sessionId: z.string().min(1),
  /** "09:30", Swedish time; items without a time keep their place among the others. */
  startTime: z.string().optional(),
  title: z.string().min(1),
  description: z.string().default(''),
  presenters: z.array(presenterSchema).default([]),
  links: z.array(linkSchema).default([]),
});
export type AgendaItem = z.infer<typeof agendaItemSchema>;

export const remindersSchema = z.object({
  /** Whole days before the meeting, largest first, e.g. [7, 1]. */
  daysBefore: z.array(z.number().int()),
  /** The hour of the day, Swedish time, at which each reminder goes out. */
  hour: z.number().int(),
});
export type Reminders = z.infer<typeof remindersSchema>;

export const DEFAULT_REMINDERS: Reminders = { daysBefore: [7, 1], hour: 9 };

export const meetingSchema = z.object({
  id: z.string(),
  type: z.literal('meeting'),
  meetingId: z.string(),
  programmeId: z.string(),
  groupId: z.string(),
  title: z.string().default(''),
  date: isoDateSchema,
  startTime: z.string(),
  endTime: z.string(),
  /** An address, or the link to the online meeting. */
  place: z.string().default(''),
  /**
   * The Teams meeting chat named by the place when it is a Teams meeting link: the bot recognises that chat
   * (agenda at start, notes at the end) without it being linked to the group.
   */
  meetingChatId: z.string().optional(),
  sessions: z.array(sessionSchema).min(1),
  /** In agenda order: by session, then by position; times, where given, never go backwards. */
  items: z.array(agendaItemSchema),
  reminders: remindersSchema,
  /** Part of the calendar link, so the .ics can be fetched without signing in but not guessed. */
  calendarToken: z.string(),
  /** Bumped on every change, so calendars that imported the .ics take the newer version. */
  sequence: z.number().int().default(0),
  status: z.enum(['draft', 'published']),
  publishedAt: z.string().optional(),
  /** The agenda card in the group's conversation, updated in place when the agenda changes; set once delivered. */
  posted: z.object({ conversationId: z.string(), activityId: z.string() }).optional(),
  /** The outbox key of the agenda card's post (see sharing.ts): updates made before it is delivered wait for it. */
  postKey: z.string().optional(),
  /** The date poll this day was decided by, if any. */
  fromPollId: z.string().optional(),
  /**
   * Fingerprints of the pasted programmes whose reading was accepted into this agenda (the latest few), so an
   * accept sent twice (a double click, an invoke Teams redelivers) adds the items once.
   */
  pastedTexts: z.array(z.string()).optional(),
  createdBy: personSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Meeting = z.infer<typeof meetingSchema>;

export const noteSchema = z.object({
  /** `note:<uuid>`: one document per note, so members writing at the same time never contend. */
  id: z.string(),
  type: z.literal('note'),
  programmeId: z.string(),
  groupId: z.string(),
  meetingId: z.string(),
  text: z.string().default(''),
  links: z.array(linkSchema).default([]),
  author: personSchema,
  createdAt: z.string(),
});
export type Note = z.infer<typeof noteSchema>;

/** Everything the outbox sends for a meeting (its agenda card and updates, change lines, reminders). */
export const meetingOrigin = (meeting: { programmeId: string; meetingId: string }): string =>
  `meeting:${meeting.programmeId}/${meeting.meetingId}`;

/** A programme's own defaults for new meetings, in the programme's partition. */
export const MEETING_DEFAULTS_ID = 'meeting-defaults';
export const meetingDefaultsSchema = z.object({
  id: z.literal(MEETING_DEFAULTS_ID),
  type: z.literal('meetingDefaults'),
  programmeId: z.string(),
  reminders: remindersSchema,
  updatedBy: personSchema,
  updatedAt: z.string(),
});
export type MeetingDefaults = z.infer<typeof meetingDefaultsSchema>;

/** Card inputs arrive as strings, and a client may leave an empty one out. */
const cardText = z.string().max(10_000).default('');

export const meetingRefSchema = programmeRefSchema.extend({ meetingId: idSchema });

/**
 * What opens the meeting form: a meeting (change its day), or a group, from "Planera dagen" on a decided poll
 * (`pollId`: that poll's day, or the meeting already planned for it) or from "nytt möte". `sameDay` is the
 * coordinator's explicit choice of a second meeting on a day the group already meets.
 */
export const meetingFormRefSchema = programmeRefSchema.extend({
  groupId: optionalIdSchema,
  meetingId: optionalIdSchema,
  pollId: optionalIdSchema,
  sameDay: z.string().max(10).default(''),
});
export type MeetingFormRef = z.infer<typeof meetingFormRefSchema>;

/** The meeting form: a new meeting names its group, an edited one its meeting id. */
export const meetingFormInputSchema = programmeRefSchema.extend({
  groupId: optionalIdSchema,
  meetingId: optionalIdSchema,
  fromPollId: optionalIdSchema,
  title: cardText,
  date: cardText,
  startTime: cardText,
  endTime: cardText,
  place: cardText,
  sessions: cardText,
  reminderDays: cardText,
  reminderHour: cardText,
  saveAsDefault: cardText,
  programmeText: cardText,
  /** "publish" on the form's second button. */
  then: cardText,
  /** The fingerprint of the programme text whose reading the coordinator saw and accepted (see programme-preview.ts). */
  previewed: cardText,
  /** "true" when the coordinator chose a second meeting on a day the group already meets (a toggle). */
  sameDay: cardText,
});
export type MeetingFormInput = z.infer<typeof meetingFormInputSchema>;

export const itemRefSchema = meetingRefSchema.extend({ itemId: optionalIdSchema });

export const itemFormInputSchema = itemRefSchema.extend({
  sessionId: cardText,
  startTime: cardText,
  title: cardText,
  description: cardText,
  presenters: cardText,
  links: cardText,
});
export type ItemFormInput = z.infer<typeof itemFormInputSchema>;

export const moveInputSchema = itemRefSchema.extend({ direction: z.enum(['up', 'down']) });

/** A pasted programme; `previewed` once the coordinator accepted how it was read. */
export const pasteInputSchema = meetingRefSchema.extend({
  sessionId: cardText,
  text: cardText,
  previewed: cardText,
});
export type PasteInput = z.infer<typeof pasteInputSchema>;

export const noteInputSchema = meetingRefSchema.extend({ text: cardText, link: cardText });
