import { createHmac } from 'node:crypto';
import { DateTime } from 'luxon';
import { clockTime, isValidIsoDate, ZONE } from '../../platform/dates.js';
import { DEFAULT_LANGUAGE, type Language } from '../../platform/language.js';
import { municipalities } from '../../platform/municipalities.js';
import { Refusal } from '../../platform/refusal.js';
import type { Person } from '../programmes/schema.js';
import {
  ANSWERS,
  DAY_PARTS,
  type Answer,
  type DayPart,
  type Poll,
  type PollKind,
  type PollOption,
  type Vote,
} from './schema.js';

/** What the coordinator's poll form sends, already split into lists. */
export type PollDraft = {
  programmeId: string;
  groupId: string;
  groupName: string;
  regionCodes: string[];
  /** The language the poll is posted in for the group; Swedish unless given. */
  language?: Language;
  kind: PollKind;
  question: string;
  optionLabels: string[];
  days: { date: string; part: DayPart }[];
  anonymous: boolean;
  showResultsBeforeClose: boolean;
  deadlineDate: string;
  deadlineHour: number;
};

export const MAX_CHOICE_OPTIONS = 10;
export const MAX_DATE_OPTIONS = 20;

/** A deadline is a full hour, Swedish time, stored as a UTC instant; DST is luxon's business, not ours. */
export function deadlineFrom(date: string, hour: number): string {
  if (!isValidIsoDate(date) || !Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw new Refusal('polls:errors.badDeadline');
  }
  return DateTime.fromISO(date, { zone: ZONE }).set({ hour }).toUTC().toISO()!;
}

function buildOptions(draft: PollDraft): PollOption[] {
  if (draft.kind === 'date') {
    if (draft.anonymous) throw new Refusal('polls:errors.anonymousDatePoll');
    const unique = new Map(draft.days.map((day) => [`${day.date}/${day.part}`, day]));
    const days = [...unique.values()].sort(compareDays);
    if (days.length < 2 || days.length > MAX_DATE_OPTIONS)
      throw new Refusal('polls:errors.dayCount', { max: MAX_DATE_OPTIONS });
    if (days.some((day) => !isValidIsoDate(day.date) || !DAY_PARTS.includes(day.part)))
      throw new Refusal('polls:errors.badDay');
    return days.map((day, index) => ({ id: `d${index + 1}`, label: '', date: day.date, part: day.part }));
  }
  const labels = draft.optionLabels.map((label) => label.trim()).filter(Boolean);
  if (labels.length < 2 || labels.length > MAX_CHOICE_OPTIONS) {
    throw new Refusal('polls:errors.optionCount', { max: MAX_CHOICE_OPTIONS });
  }
  if (new Set(labels.map((label) => label.toLowerCase())).size !== labels.length)
    throw new Refusal('polls:errors.duplicateOption');
  return labels.map((label, index) => ({ id: `o${index + 1}`, label }));
}

function compareDays(a: { date: string; part: DayPart }, b: { date: string; part: DayPart }): number {
  return a.date.localeCompare(b.date) || DAY_PARTS.indexOf(a.part) - DAY_PARTS.indexOf(b.part);
}

export function createPoll(draft: PollDraft, creator: Person, now: Date, pollId: string): Poll {
  const question = draft.question.trim();
  if (!question) throw new Refusal('polls:errors.questionRequired');
  const options = buildOptions(draft);
  const deadline = deadlineFrom(draft.deadlineDate, draft.deadlineHour);
  if (deadline <= now.toISOString()) throw new Refusal('polls:errors.deadlineInPast');
  return {
    id: pollId,
    type: 'poll',
    pollId,
    programmeId: draft.programmeId,
    groupId: draft.groupId,
    groupName: draft.groupName,
    regionCodes: draft.regionCodes,
    language: draft.language ?? DEFAULT_LANGUAGE,
    kind: draft.kind,
    question,
    options,
    anonymous: draft.anonymous,
    showResultsBeforeClose: draft.showResultsBeforeClose,
    deadline,
    status: 'open',
    createdBy: creator,
    createdAt: now.toISOString(),
  };
}

/** Open until closed by hand or until its deadline, whichever comes first (the scheduler may lag a minute). */
export function isOpen(poll: Poll, now: Date): boolean {
  return poll.status === 'open' && now.toISOString() < poll.deadline;
}

/**
 * Reads a ballot from the card's inputs: date polls send `answer_<option id>` = yes | ifNeedBe | no for every
 * day; single choice sends `choice`; multiple choice sends `choices` ("o1,o3").
 */
export function readBallot(poll: Poll, inputs: Record<string, unknown>): Record<string, Answer> {
  const text = (key: string) => (typeof inputs[key] === 'string' ? inputs[key].trim() : '');
  if (poll.kind === 'date') {
    const answers: Record<string, Answer> = {};
    for (const option of poll.options) {
      const answer = text(`answer_${option.id}`);
      if (!(ANSWERS as readonly string[]).includes(answer)) throw new Refusal('polls:errors.answerEveryDay');
      answers[option.id] = answer as Answer;
    }
    return answers;
  }
  const chosen = text(poll.kind === 'single' ? 'choice' : 'choices')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (chosen.length === 0) throw new Refusal('polls:errors.chooseSomething');
  if (poll.kind === 'single' && chosen.length > 1) throw new Refusal('polls:errors.chooseOne');
  if (chosen.some((id) => !poll.options.some((option) => option.id === id)))
    throw new Refusal('polls:errors.unknownOption');
  return Object.fromEntries(chosen.map((id) => [id, 'yes' as const]));
}

/**
 * The voter's key. Named polls use the person's id. Anonymous polls use a keyed hash (HMAC with a secret the
 * database never sees) of poll and person: the same person always gets the same key, so they can change their
 * vote and a repeated vote overwrites the first, yet nothing stored beside the choice names them.
 */
export function voterKey(poll: Poll, personId: string, anonymitySecret: string): string {
  if (!poll.anonymous) return personId;
  return createHmac('sha256', anonymitySecret).update(`${poll.pollId}\u0000${personId}`).digest('base64url');
}

/** How many activities a vote remembers: a redelivery comes within minutes, long before a person clicks this often. */
const ACTIVITIES_KEPT = 5;

/**
 * A click as the vote remembers it: a keyed hash of the activity (which names a conversation), so a redelivery is
 * recognised and nothing stored says where the person clicked.
 */
export function activityMark(activityKey: string, anonymitySecret: string): string {
  return createHmac('sha256', anonymitySecret).update(`activity\u0000${activityKey}`).digest('base64url').slice(0, 22);
}

/** Whether the vote as stored was already set by this click (Teams delivered it again). */
export const setBy = (vote: Vote | undefined, mark: string): boolean => vote?.activities?.includes(mark) ?? false;

/** The vote to write over `previous`, remembering this click among the last few. */
export function remembering(vote: Vote, mark: string, previous: Vote | undefined): Vote {
  return { ...vote, activities: [mark, ...(previous?.activities ?? [])].slice(0, ACTIVITIES_KEPT) };
}

export function buildVote(
  poll: Poll,
  key: string,
  voter: { id: string; name: string; municipalityCode: string },
  answers: Record<string, Answer>,
  now: Date,
): Vote {
  return {
    id: `vote:${key}`,
    type: 'vote',
    pollId: poll.pollId,
    ...(poll.anonymous ? {} : { voter }),
    answers,
    votedAt: now.toISOString(),
  };
}

export type OptionTally = {
  option: PollOption;
  yes: number;
  ifNeedBe: number;
  no: number;
  /** Date polls: municipalities with someone available (yes or if need be), and those without. */
  available: string[];
  missing: string[];
  /**
   * The missing told apart, when the group's representation is known: every member from there who answered
   * said no (`declined`), some member from there has not answered yet (`unanswered`), or the group has nobody
   * from there at all (`unrepresented`). Without the representation all missing are `unknown`.
   */
  declined: string[];
  unanswered: string[];
  unrepresented: string[];
  unknown: string[];
  /** Named polls: who said what, for coordinators. */
  names: { yes: string[]; ifNeedBe: string[]; no: string[] };
};

/** Counts in code over one partition's votes: the embedded server has no GROUP BY, and 350 rows are nothing. */
export function tally(
  poll: Poll,
  votes: Vote[],
  regionCodes: string[],
  /** `representatives`: members per municipality in the poll's group (none: absent), to tell the missing apart. */
  options: { withNames?: boolean; representatives?: Record<string, number> } = {},
): OptionTally[] {
  // A voter's own card shows counts only; naming everyone is for the coordinator's results.
  const withNames = options.withNames ?? true;
  return poll.options.map((option) => {
    const counts = { yes: 0, ifNeedBe: 0, no: 0 };
    const names = { yes: [] as string[], ifNeedBe: [] as string[], no: [] as string[] };
    const available = new Set<string>();
    const answeredFrom = new Map<string, number>();
    for (const vote of votes) {
      const answer = vote.answers[option.id] ?? (poll.kind === 'date' ? undefined : 'no');
      if (!answer) continue;
      counts[answer] += 1;
      if (vote.voter) {
        const code = vote.voter.municipalityCode;
        if (withNames) names[answer].push(`${vote.voter.name} (${municipalities.nameOf(code)})`);
        if (answer !== 'no') available.add(code);
        answeredFrom.set(code, (answeredFrom.get(code) ?? 0) + 1);
      }
    }
    const byName = (codes: string[]) => municipalities.sortByName(codes, municipalities.nameOf);
    const missing = byName(regionCodes.filter((code) => !available.has(code)));
    const representatives = options.representatives;
    const members = (code: string) => representatives?.[code] ?? 0;
    return {
      option,
      ...counts,
      available: byName(regionCodes.filter((code) => available.has(code))),
      missing,
      declined: representatives
        ? missing.filter((code) => members(code) > 0 && (answeredFrom.get(code) ?? 0) >= members(code))
        : [],
      unanswered: representatives
        ? missing.filter((code) => members(code) > 0 && (answeredFrom.get(code) ?? 0) < members(code))
        : [],
      unrepresented: representatives ? missing.filter((code) => members(code) === 0) : [],
      unknown: representatives ? [] : missing,
      names,
    };
  });
}

/**
 * The day that keeps the most municipalities represented, counting "if need be" as available; ties go to the
 * day with most plain yes, then to the earliest.
 */
export function recommendDay(poll: Poll, tallies: OptionTally[]): OptionTally | undefined {
  if (poll.kind !== 'date' || tallies.length === 0) return undefined;
  return [...tallies].sort(
    (a, b) =>
      b.available.length - a.available.length ||
      b.yes - a.yes ||
      compareDays({ date: a.option.date!, part: a.option.part! }, { date: b.option.date!, part: b.option.part! }),
  )[0];
}

/** Closing twice is a no-op (undefined), so a coordinator and the deadline can race without harm. */
export function closePoll(poll: Poll, by: Person | 'deadline', now: Date): Poll | undefined {
  if (poll.status === 'closed') return undefined;
  return { ...poll, status: 'closed', closedAt: now.toISOString(), closedBy: by };
}

export function confirmDate(
  poll: Poll,
  details: { optionId: string; place: string; startTime: string; endTime: string },
  by: Person,
  now: Date,
  calendarToken: string,
): Poll {
  if (poll.kind !== 'date') throw new Refusal('polls:errors.notADatePoll');
  if (poll.status !== 'closed') throw new Refusal('polls:errors.closeFirst');
  if (!poll.options.some((option) => option.id === details.optionId)) throw new Refusal('polls:errors.unknownOption');
  const startTime = clockTime(details.startTime);
  const endTime = clockTime(details.endTime);
  if (!startTime || !endTime) throw new Refusal('polls:errors.badTime');
  if (endTime <= startTime) throw new Refusal('polls:errors.endBeforeStart');
  if (!details.place.trim()) throw new Refusal('polls:errors.placeRequired');
  return {
    ...poll,
    decision: {
      optionId: details.optionId,
      place: details.place.trim(),
      startTime,
      endTime,
      calendarToken,
      confirmedBy: by,
      confirmedAt: now.toISOString(),
    },
  };
}

/** The day a coordinator confirmed for a date poll, with its times and place: what a meeting day starts from. */
export type DecidedDay = {
  option: PollOption;
  date: string;
  part: DayPart;
  startTime: string;
  endTime: string;
  place: string;
};

export function decidedDay(poll: Poll): DecidedDay | undefined {
  const decision = poll.decision;
  const option = decision && poll.options.find((o) => o.id === decision.optionId);
  if (!decision || !option?.date) return undefined;
  const { place, startTime, endTime } = decision;
  return { option, date: option.date, part: option.part ?? 'fullDay', startTime, endTime, place };
}

/** Group members who have not answered a named poll yet. */
export function nonResponders<T extends { person: { id: string }; groupIds: string[] }>(
  poll: Poll,
  votes: Vote[],
  members: T[],
): T[] {
  const answered = new Set(votes.map((vote) => vote.voter?.id));
  return members.filter((member) => member.groupIds.includes(poll.groupId) && !answered.has(member.person.id));
}
