import { Refusal } from '../../platform/refusal.js';
import { translator } from '../../platform/i18n.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { Membership } from '../membership/schema.js';
import { nonResponders } from './domain.js';
import { deadlineLabel, nonRespondersCard } from './cards.js';
import type { PollsDeps } from './deps.js';
import type { Poll } from './schema.js';

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
 * Writes to each person who has not answered, 1:1 in their own language. People the bot has never talked to
 * (added by a coordinator, never signed in) cannot be reached proactively; they are named so the coordinator
 * can reach them another way.
 */
export async function remindNonResponders(turn: Turn, deps: PollsDeps, pollId: string): Promise<CardReply> {
  const { poll, missing } = await missingMembers(deps, pollId);
  let sent = 0;
  const unreachable: string[] = [];
  for (const member of missing) {
    if (!member.contact) {
      unreachable.push(member.person.name);
      continue;
    }
    const t = translator(member.contact.language);
    const text = t('polls:cards.reminder', {
      question: poll.question,
      group: poll.groupName,
      deadline: deadlineLabel({ t, language: member.contact.language }, poll.deadline),
    });
    const result = await deps.messenger.sendToPerson(member.contact, { type: 'message', text });
    if (result.ok) sent += 1;
    else unreachable.push(member.person.name);
  }
  // Sending writes nothing to the store: the audit entry is asked for, with how many were reached.
  turn.audit.describe({ after: `${sent}/${missing.length}` });
  const note =
    unreachable.length === 0
      ? turn.t('polls:confirmations.reminded', { sent, total: missing.length })
      : turn.t('polls:confirmations.remindedSome', {
          sent,
          total: missing.length,
          missing: unreachable.length,
          names: unreachable.join(', '),
        });
  return nonRespondersCard(turn, { poll, missing: asPeople(missing), note });
}
