import { z } from 'zod/v4';
import type { SettledHook } from '../../platform/outbox/after-delivery.js';
import { contactSchema } from '../../platform/outbox/schema.js';
import { Refusal } from '../../platform/refusal.js';
import { translator } from '../../platform/i18n.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { Membership } from '../membership/schema.js';
import { nonResponders } from './domain.js';
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

/** The outbox hook that tells the coordinator how a round of reminders went. */
export const REMINDERS_FINISHED = 'polls.remindersFinished';

const reminderRoundSchema = z.object({
  question: z.string(),
  round: z.string(),
  coordinator: contactSchema,
  coordinatorId: z.string().default(''),
});

/**
 * Reminds each person who has not answered, 1:1 in their own language, through the outbox: the answer says at once
 * that the reminders are under way, and when every one has arrived or failed for good the coordinator is told, by
 * name, who was not reached. People the bot has never talked to (added by a coordinator, never signed in) cannot be
 * reached proactively; they are named at once so the coordinator can reach them another way.
 */
export async function remindNonResponders(turn: Turn, deps: PollsDeps, pollId: string): Promise<CardReply> {
  const { poll, missing } = await missingMembers(deps, pollId);
  const reachable = missing.filter((member) => member.contact);
  const unreachable = missing.filter((member) => !member.contact).map((member) => member.person.name);
  // A redelivered click is the same round (same activity id), and the round is in every key: reminded once.
  const round = turn.activityId || turn.now.toISOString();
  const reminders = deps.outbox.batch(pollOrigin(pollId), `reminders:${round}`, {
    kind: REMINDERS_FINISHED,
    data: { question: poll.question, round, coordinator: turn.contact, coordinatorId: turn.person.id },
  });
  await reminders.sendAll(
    reachable.map((member) => {
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
    }),
  );
  await reminders.seal();
  // Enqueuing writes only to the outbox: the audit entry is asked for, with how many reminders are under way.
  turn.audit.describe({ after: `${reachable.length}/${missing.length}` });
  const note =
    unreachable.length === 0
      ? turn.t('polls:confirmations.remindersUnderWay', { count: reachable.length })
      : turn.t('polls:confirmations.remindersUnderWaySome', {
          count: reachable.length,
          missing: unreachable.length,
          names: unreachable.join(', '),
        });
  return nonRespondersCard(turn, { poll, missing: asPeople(missing), note });
}

/** Once a round of reminders is finished: tells the coordinator 1:1 how many arrived, naming who was not reached. */
export function reportReminders(deps: PollsDeps): SettledHook {
  return async ({ origin, total, delivered, failed, data }) => {
    const round = reminderRoundSchema.safeParse(data);
    if (!round.success) return;
    const { question, coordinator, coordinatorId } = round.data;
    const t = translator(coordinator.language);
    const text =
      failed.length === 0
        ? t('polls:confirmations.remindersDelivered', { question, delivered })
        : t('polls:confirmations.remindersNotAll', {
            question,
            delivered,
            total,
            names: failed.map((message) => message.recipient?.name ?? '?').join(', '),
          });
    await deps.outbox.to(origin).send({
      key: `reminders-report:${round.data.round}`,
      to: { person: coordinator },
      activity: { type: 'message', text },
      ...(coordinatorId ? { recipient: { personId: coordinatorId } } : {}),
    });
  };
}
