import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod/v4';
import { ZONE } from '../../platform/dates.js';
import type { DeliveredHook, SettledHook } from '../../platform/outbox/after-delivery.js';
import { starterOf, tellStarter } from '../../platform/outbox/follow-up.js';
import { Refusal } from '../../platform/refusal.js';
import { cardActivity } from '../../platform/teams/cards.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { groupLanguage, linkedConversationOf, postReported } from '../membership/group-conversation.js';
import { groupRefSchema, type Programme } from '../programmes/schema.js';
import { candidateDays } from './candidate-days.js';
import { createPoll, MAX_DATE_OPTIONS, type PollDraft } from './domain.js';
import { pollCard, pollFormCard, type PollFormValues } from './cards.js';
import type { PollsDeps } from './deps.js';
import { DAY_PARTS, POLL_CARD_POST, POLL_KINDS, pollIdOfOrigin, pollOrigin, type DayPart } from './schema.js';

const text = z.string().default('');

/** Everything the poll form sends; each field is checked by the domain, so a bad value is refused clearly. */
export const pollFormInputSchema = groupRefSchema.extend({
  question: text,
  kind: text,
  options: text,
  from: text,
  to: text,
  weekdays: text,
  part: text,
  days: text,
  anonymous: text,
  showResults: text,
  deadlineDate: text,
  deadlineHour: text,
});
export type PollFormInput = z.infer<typeof pollFormInputSchema>;

/**
 * Sensible first values: a date poll over the ten weekdays of the two weeks after next (within the limit of
 * days a poll may offer, so the form works as it stands), answers due in a week at noon.
 */
export function defaultFormValues(now: Date): PollFormValues {
  const today = DateTime.fromJSDate(now).setZone(ZONE);
  const firstMonday = today.startOf('week').plus({ weeks: 2 });
  return {
    question: '',
    kind: 'date',
    options: '',
    from: firstMonday.toISODate()!,
    to: firstMonday.plus({ days: 11 }).toISODate()!,
    weekdays: '1,2,3,4,5',
    part: 'fullDay',
    days: '',
    anonymous: 'false',
    showResults: 'true',
    deadlineDate: today.plus({ days: 7 }).toISODate()!,
    deadlineHour: '12',
  };
}

function valuesFrom(input: PollFormInput, now: Date): PollFormValues {
  const defaults = defaultFormValues(now);
  const keys = Object.keys(defaults) as (keyof PollFormValues)[];
  return Object.fromEntries(
    keys.map((key) => [key, input[key] || (key === 'days' ? '' : defaults[key])]),
  ) as PollFormValues;
}

export async function pollForm(turn: Turn, { programme, group }: GroupAccess): Promise<CardReply> {
  return pollFormCard(turn, {
    programmeId: programme.programmeId,
    groupId: group.id,
    groupName: group.name,
    values: defaultFormValues(turn.now),
    showDays: false,
  });
}

/** The same form, now listing the weekdays of the chosen range (no weekends or holidays) to tick. */
export async function proposeDays(turn: Turn, { group }: GroupAccess, input: PollFormInput): Promise<CardReply> {
  const values = { ...valuesFrom(input, turn.now), kind: 'date' };
  return pollFormCard(turn, {
    programmeId: input.programmeId,
    groupId: input.groupId,
    groupName: group.name,
    values,
    showDays: true,
  });
}

function daysFrom(input: PollFormInput): PollDraft['days'] {
  const ticked = input.days
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  if (ticked.length > 0) {
    return ticked.map((value) => {
      const [date = '', part = ''] = value.split('/');
      return { date, part: (DAY_PARTS as readonly string[]).includes(part) ? (part as DayPart) : 'fullDay' };
    });
  }
  const weekdays = input.weekdays.split(',').map(Number).filter(Boolean);
  const parts: DayPart[] = input.part === 'halfDays' ? ['morning', 'afternoon'] : ['fullDay'];
  const days = candidateDays(input.from, input.to, weekdays.length ? weekdays : undefined).flatMap((date) =>
    parts.map((part) => ({ date, part })),
  );
  if (days.length > MAX_DATE_OPTIONS)
    throw new Refusal('polls:errors.tooManyDays', { count: days.length, max: MAX_DATE_OPTIONS });
  return days;
}

function draftFrom(input: PollFormInput, groupName: string, programme: Programme): PollDraft {
  const kind = (POLL_KINDS as readonly string[]).includes(input.kind) ? (input.kind as PollDraft['kind']) : 'date';
  return {
    programmeId: input.programmeId,
    groupId: input.groupId,
    groupName,
    regionCodes: programme.region.municipalityCodes,
    language: programme.language,
    kind,
    question: input.question,
    optionLabels: input.options.split('\n'),
    days: kind === 'date' ? daysFrom(input) : [],
    anonymous: input.anonymous === 'true',
    showResultsBeforeClose: input.showResults !== 'false',
    deadlineDate: input.deadlineDate,
    deadlineHour: input.deadlineHour === '' ? Number.NaN : Number(input.deadlineHour),
  };
}

/**
 * Creates the poll and posts it to the group's conversation through the outbox. The answer waits a moment for the
 * post: delivered, the poll is published; refused for good, the poll is removed again (a poll nobody can see must
 * not linger as if published) and the coordinator is told; still on its way (Teams slow or down), the answer says
 * so and the coordinator hears 1:1 how it went. The poll learns its card's Teams id when the post is delivered.
 */
export async function createAndPublish(
  turn: Turn,
  deps: PollsDeps,
  { programme, group }: GroupAccess,
  input: PollFormInput,
): Promise<CardReply> {
  const linked = await linkedConversationOf(deps.programmes, group);
  if (!linked) throw new Refusal('polls:errors.groupNotLinked', { group: group.name });

  const poll = createPoll(
    draftFrom(input, group.name, programme),
    turn.person,
    turn.now,
    `poll-${randomBytes(6).toString('hex')}`,
  );
  await deps.polls.create(poll);
  const told = { question: poll.question, group: group.name };
  const outcome = await postReported(
    deps.outbox,
    {
      origin: pollOrigin(poll.pollId),
      batch: PUBLISHING,
      settled: POLL_PUBLISHED,
      telling: {
        starter: starterOf(turn),
        done: { key: 'polls:confirmations.publishedLater', values: told },
        notAll: { key: 'polls:errors.postFailedLater', values: told },
      },
    },
    { linked, group },
    {
      key: POLL_CARD_POST,
      activity: cardActivity(pollCard(groupLanguage(poll), { poll, now: turn.now, isCoordinator: false })),
      onDelivered: { kind: POLL_CARD_POSTED, data: { pollId: poll.pollId, conversationId: linked.conversationId } },
    },
  );
  if (outcome && outcome.failed.length > 0) throw new Refusal('polls:errors.postFailed');
  return pollCard(turn, {
    poll,
    now: turn.now,
    isCoordinator: true,
    note: turn.t(outcome ? 'polls:confirmations.published' : 'polls:confirmations.publishing'),
  });
}

/** The batch a poll's card is posted in. */
const PUBLISHING = 'publish';
/** The outbox hooks: the card's post delivered, and the publishing settled. */
export const POLL_CARD_POSTED = 'polls.cardPosted';
export const POLL_PUBLISHED = 'polls.published';

const postedCardSchema = z.object({ pollId: z.string(), conversationId: z.string() });

/** The card is in the group's conversation: the poll keeps its Teams id, to freeze it at the close. */
export function rememberPostedCard(deps: PollsDeps): DeliveredHook {
  return async ({ activityId, data }) => {
    const posted = postedCardSchema.safeParse(data);
    if (!posted.success) return;
    const { pollId, conversationId } = posted.data;
    await deps.polls.update(pollId, (current) =>
      current.posted ? undefined : { ...current, posted: { conversationId, activityId } },
    );
  };
}

/**
 * The post settled: refused for good, the poll nobody can see is removed (unless it was posted after all, by
 * another way: then it stays); either way the coordinator is told what the answer could not tell yet.
 */
export function afterPublishing(deps: PollsDeps): SettledHook {
  return async (event) => {
    if (event.failed.length > 0) {
      const poll = await deps.polls.get(pollIdOfOrigin(event.origin));
      if (poll && !poll.posted) await deps.polls.delete(poll.pollId);
    }
    await tellStarter(deps.outbox, event);
  };
}
