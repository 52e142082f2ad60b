import { z } from 'zod/v4';
import { Refusal } from '../../platform/refusal.js';
import type { AdaptiveCard } from '../../platform/teams/cards.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import { isMemberOf } from '../membership/domain.js';
import { isCoordinator } from '../programmes/domain.js';
import { buildVote, isOpen, readBallot, voterKey } from './domain.js';
import { pollCard, resultsCard } from './cards.js';
import type { PollsDeps } from './deps.js';
import { pollRefSchema, type Poll } from './schema.js';

/** The card sends the poll id plus one input per day (`answer_d1`...) or `choice`/`choices`. */
export const ballotInputSchema = pollRefSchema.catchall(z.unknown());

export function anonymitySecret(deps: PollsDeps): string {
  return deps.config.voteAnonymityKey!;
}

async function readerIsCoordinator(turn: Turn, deps: PollsDeps, poll: Poll): Promise<boolean> {
  const programme = await deps.recentProgrammes.get(poll.programmeId);
  return programme ? isCoordinator(programme, turn.person.id) : false;
}

/**
 * The hot path. Its one Cosmos operation of its own is the vote upsert: the poll, the group's roster, the
 * programme and the vote list for the answer card come from short-lived caches shared by everyone voting at
 * that moment (see PollStore.requireRecent and MembershipStore.getRecent for how fresh they are). Every check
 * happens before the one write, so a refused vote stores nothing.
 */
export async function castVote(
  turn: Turn,
  deps: PollsDeps,
  input: z.infer<typeof ballotInputSchema>,
): Promise<CardReply> {
  const poll = await deps.polls.requireRecent(input.pollId);
  const membership = await deps.memberships.getRecent(poll.programmeId, turn.person.id);
  if (!membership || !isMemberOf(membership, poll.groupId))
    throw new Refusal('polls:errors.notMember', { group: poll.groupName });
  if (!isOpen(poll, turn.now)) throw new Refusal('polls:errors.pollClosed');
  const answers = readBallot(poll, input);
  const voter = { id: turn.person.id, name: turn.person.name, municipalityCode: membership.municipalityCode };
  const vote = buildVote(poll, voterKey(poll, turn.person.id, anonymitySecret(deps)), voter, answers, turn.now);
  await deps.polls.saveVote(vote);

  const coordinator = await readerIsCoordinator(turn, deps, poll);
  const snapshot =
    poll.showResultsBeforeClose || coordinator ? await deps.votes.snapshotWith(poll.pollId, vote) : undefined;
  const key = `${poll.pollId}|${turn.language}|${coordinator}|${isOpen(poll, turn.now)}|${snapshot?.key ?? JSON.stringify(vote.answers)}`;
  return answerCards.get(key, () =>
    pollCard(turn, {
      poll,
      now: turn.now,
      own: vote,
      ...(snapshot ? { votes: snapshot.votes } : {}),
      isCoordinator: coordinator,
      justSaved: true,
    }),
  );
}

/**
 * Answer cards rendered in the last seconds. When a room votes at once, most voters' cards are identical (the
 * same shared tallies, the same answers chosen): render each distinct one once instead of once per voter.
 */
const answerCards = new (class {
  private readonly cards = new Map<string, AdaptiveCard>();

  get(key: string, render: () => AdaptiveCard): AdaptiveCard {
    let card = this.cards.get(key);
    if (!card) {
      if (this.cards.size >= 200) this.cards.clear(); // keys embed the vote-list version: old ones are dead weight
      card = render();
      this.cards.set(key, card);
    }
    return card;
  }
})();

/** What Teams asks for when it shows the card to someone: their own answers, or the result once closed. */
export async function personalView(turn: Turn, deps: PollsDeps, pollId: string): Promise<CardReply> {
  const poll = await deps.polls.requireRecent(pollId);
  const coordinator = await readerIsCoordinator(turn, deps, poll);
  if (!isOpen(poll, turn.now)) {
    const votes = await deps.votes.votesWith(poll.pollId);
    return resultsCard(turn, { poll, votes, showNames: coordinator, canConfirm: coordinator });
  }
  const own = await deps.polls.getVote(poll.pollId, voterKey(poll, turn.person.id, anonymitySecret(deps)));
  const votes = poll.showResultsBeforeClose || coordinator ? await deps.votes.votesWith(poll.pollId, own) : undefined;
  return pollCard(turn, {
    poll,
    now: turn.now,
    ...(own ? { own } : {}),
    ...(votes ? { votes } : {}),
    isCoordinator: coordinator,
  });
}
