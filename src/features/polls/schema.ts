import { z } from 'zod/v4';
import { idSchema } from '../../platform/ids.js';
import { LANGUAGES } from '../../platform/language.js';
import { isoDateSchema, personSchema } from '../programmes/schema.js';

/** The poll vocabulary. A poll and its votes share one partition (`/pollId`) of the `polls` container. */
export const POLL_KINDS = ['date', 'single', 'multiple'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export const ANSWERS = ['yes', 'ifNeedBe', 'no'] as const;
export type Answer = (typeof ANSWERS)[number];

export const DAY_PARTS = ['fullDay', 'morning', 'afternoon'] as const;
export type DayPart = (typeof DAY_PARTS)[number];

export const optionSchema = z.object({
  id: z.string(),
  /** Choice polls: what the option says. Date polls: empty, the label is made from date and part. */
  label: z.string().default(''),
  date: isoDateSchema.optional(),
  part: z.enum(DAY_PARTS).optional(),
});
export type PollOption = z.infer<typeof optionSchema>;

export const decisionSchema = z.object({
  optionId: z.string(),
  place: z.string(),
  startTime: z.string(),
  endTime: z.string(),
  /** Part of the calendar link, so the .ics can be fetched without signing in but not guessed. */
  calendarToken: z.string(),
  confirmedBy: personSchema,
  confirmedAt: z.string(),
});
export type Decision = z.infer<typeof decisionSchema>;

export const pollSchema = z.object({
  id: z.string(),
  type: z.literal('poll'),
  pollId: z.string(),
  programmeId: z.string(),
  groupId: z.string(),
  /** Copied from the programme when the poll is made, so a vote never needs to read the programme. */
  groupName: z.string(),
  regionCodes: z.array(z.string()),
  /** The programme's group language when the poll was posted: the card in the channel stays in it, closed too. */
  language: z.enum(LANGUAGES).default('sv'),
  kind: z.enum(POLL_KINDS),
  question: z.string().min(1),
  options: z.array(optionSchema).min(2),
  anonymous: z.boolean(),
  showResultsBeforeClose: z.boolean(),
  /** UTC instant; always on a full hour in Europe/Stockholm. */
  deadline: z.string(),
  status: z.enum(['open', 'closed']),
  closedAt: z.string().optional(),
  closedBy: z.union([personSchema, z.literal('deadline')]).optional(),
  createdBy: personSchema,
  createdAt: z.string(),
  /** The card in the group's conversation, updated in place when the poll closes. */
  posted: z.object({ conversationId: z.string(), activityId: z.string() }).optional(),
  decision: decisionSchema.optional(),
});
export type Poll = z.infer<typeof pollSchema>;

export const voteSchema = z.object({
  /** `vote:<voter key>`: one document per voter, so a repeated or changed vote overwrites, never adds. */
  id: z.string(),
  type: z.literal('vote'),
  pollId: z.string(),
  /** Named polls only: anonymous votes carry no identity, only a keyed hash of it in the id. */
  voter: z.object({ id: z.string(), name: z.string(), municipalityCode: z.string() }).optional(),
  answers: z.record(z.string(), z.enum(ANSWERS)),
  votedAt: z.string(),
  /**
   * Keyed hashes of the last few activities that set this vote: a redelivered click finds its own here and
   * changes nothing, so the vote stays one write with no processed-activity record beside it (voting.ts).
   */
  activities: z.array(z.string()).max(8).optional(),
});
export type Vote = z.infer<typeof voteSchema>;

export const pollRefSchema = z.object({ pollId: idSchema });

/** Everything the outbox sends for a poll is reported under this origin (who was not reached, and why). */
export const pollOrigin = (pollId: string): string => `poll:${pollId}`;
export const pollIdOfOrigin = (origin: string): string => origin.slice('poll:'.length);

/** The outbox key of the poll's card posted to the group's conversation (once per poll). */
export const POLL_CARD_POST = 'poll-card-post';

/** The outbox key for every new version of a poll's posted card: the newest one wins. */
export const POLL_CARD_UPDATE = 'poll-card';
