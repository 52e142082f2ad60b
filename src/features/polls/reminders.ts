import { z } from 'zod/v4';
import type { SettledHook } from '../../platform/outbox/after-delivery.js';
import { contactSchema } from '../../platform/outbox/schema.js';
import { Refusal } from '../../platform/refusal.js';
import { translator } from '../../platform/i18n.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { Membership } from '../membership/schema.js';
import { nonResponders } from './domain.js';
import { outcomeText, sendReported, starterOf, tellStarter } from '../../platform/outbox/follow-up.js';
import type { OutgoingMessage } from '../../platform/outbox/outbox.js';
import { deadlineLabel, nonRespondersCard } from './cards.js';
import type { PollsDeps } from './deps.js';
import { pollOrigin, type Poll } from './schema.js';

async function missingMembers(deps: PollsDeps, pollId: string): Promise<{ poll: Poll; missing: Membership[] }> {
  const poll = await deps.polls.require(pollId);
  // Who voted is exactly what an anonymous poll must not tell.
  if (poll.anonymous) throw new Refusal('polls:errors.anonymousNoNames');
  const [members, votes] = await Promise.all([
    deps.memberships.listInProgramme(poll.programmeId),
    deps.polls.listVotes(pollId),
  ]);
  return { poll, missing: nonResponders(poll, votes, members) };
}

const asPeople = (missing: Membership[]) =>
  missing.map((m) => ({ name: m.person.name, municipalityCode: m.municipalityCode }));

export async function showNonResponders(turn: Turn, deps: PollsDeps, pollId: string): Promise<CardReply> {
  const { poll, missing } = await missingMembers(deps, pollId);
  return nonRespondersCard(turn, { poll, missing: asPeople(missing) });
}

/**
 * Reminds each person who has not answered, 1:1 in their own language, through the outbox: the answer waits a moment
 * and says how it went if it went that fast, otherwise that the reminders are under way, and the coordinator is told
 * 1:1 once every one has arrived or failed for good, naming who was not reached (see platform/outbox/follow-up.ts).
 * People the bot has never talked to (added by a coordinator, never signed in) cannot be reached proactively; they
 * are named at once so the coordinator can reach them another way.
 */
export async function remindNonResponders(turn: Turn, deps: PollsDeps, pollId: string): Promise<CardReply> {
  const { poll, missing } = await missingMembers(deps, pollId);
  const reachable = missing.filter((member) => member.contact);
  const unreachable = missing.filter((member) => !member.contact).map((member) => member.person.name);
  // A redelivered click is the same round (same activity id), and the round is in every key: reminded once.
  const round = turn.activityId || turn.now.toISOString();
  const question = { question: poll.question };
  const told = {
    done: { key: 'polls:confirmations.remindersDelivered', values: question },
    notAll: { key: 'polls:confirmations.remindersNotAll', values: question },
  };
  const outcome = await sendReported(
    deps.outbox,
    pollOrigin(pollId),
    `reminders:${round}`,
    { starter: starterOf(turn), ...told },
    (reminders) => reminders.sendAll(reachable.map((member) => reminderTo(poll, member, round))),
    { count: reachable.length },
  );
  // Enqueuing writes only to the outbox: the audit entry is asked for, with how many reminders are under way.
  turn.audit.describe({ after: `${reachable.length}/${missing.length}` });
  const cannotReach = { count: reachable.length, missing: unreachable.length, names: unreachable.join(', ') };
  const note = outcome
    ? [
        outcomeText(turn.t, outcome.failed.length === 0 ? told.done : told.notAll, outcome),
        ...(unreachable.length > 0 ? [turn.t('polls:confirmations.cannotReach', cannotReach)] : []),
      ].join(' ')
    : turn.t(`polls:confirmations.${unreachable.length === 0 ? 'remindersUnderWay' : 'remindersUnderWaySome'}`, {
        ...cannotReach,
      });
  return nonRespondersCard(turn, { poll, missing: asPeople(missing), note });
}

function reminderTo(poll: Poll, member: Membership, round: string): OutgoingMessage {
  const contact = member.contact!;
  const t = translator(contact.language);
  const text = t('polls:cards.reminder', {
    question: poll.question,
    group: poll.groupName,
    deadline: deadlineLabel({ t, language: contact.language }, poll.deadline),
  });
  return {
    key: `reminder:${round}:${member.person.id}`,
    to: { person: contact },
    activity: { type: 'message', text },
    recipient: { personId: member.person.id, name: member.person.name },
  };
}

/** The hook rounds of reminders enqueued before follow-ups were shared (settling after an upgrade) still name. */
export const REMINDERS_FINISHED = 'polls.remindersFinished';

const earlierRoundSchema = z.object({
  question: z.string(),
  coordinator: contactSchema,
  coordinatorId: z.string().default(''),
});

/** Such a round is told as any follow-up: who was not reached, or that all arrived. */
export function reportEarlierReminders(deps: PollsDeps): SettledHook {
  return async (event) => {
    const round = earlierRoundSchema.safeParse(event.data);
    if (!round.success) return;
    const { question, coordinator, coordinatorId } = round.data;
    const data = {
      to: coordinator,
      personId: coordinatorId,
      done: { key: 'polls:confirmations.remindersDelivered', values: { question } },
      notAll: { key: 'polls:confirmations.remindersNotAll', values: { question } },
    };
    await tellStarter(deps.outbox, { ...event, data });
  };
}
