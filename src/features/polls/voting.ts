import { z } from 'zod/v4';
import { Refusal } from '../../platform/refusal.js';
import { telemetry } from '../../platform/telemetry/telemetry.js';
import type { CardReply } from '../../platform/teams/router.js';
import type { Turn } from '../../platform/teams/turn.js';
import type { GroupAccess } from '../membership/access.js';
import { buildVote, isOpen, readBallot, voterKey } from './domain.js';
import { pollCard, resultsCard } from './cards.js';
import type { PollsDeps } from './deps.js';
import { pollRefSchema } from './schema.js';
import { recentRepresentation } from './representation.js';
import { saveVoteOnce } from './vote-once.js';

/** How many answers the clicked card showed (its `seen`), so the next one never shows fewer; junk reads as 0. */
const seenSchema = z.coerce.number().int().min(0).max(100_000).catch(0);

/** The card sends the poll id plus one input per day (`answer_d1`...) or `choice`/`choices`. */
export const ballotInputSchema = pollRefSchema.extend({ seen: seenSchema }).catchall(z.unknown());

/** Teams asks for a person's view of the poll card with the data of the card they see. */
export const pollViewSchema = pollRefSchema.extend({ seen: seenSchema });

export function anonymitySecret(deps: PollsDeps): string {
  return deps.config.voteAnonymityKey!;
}

/**
 * The hot path. Its one Cosmos operation of its own is the vote's write (once per click: vote-once.ts): the poll, the group's roster, the
 * programme and the vote list for the answer card come from shared reads a second or two old, shared by
 * everyone voting at that moment (platform/shared-reads.ts lists them). The route's guard let a member in on
 * those reads; every check happens before the one write, so a refused vote stores nothing.
 */
export async function castVote(
  turn: Turn,
  deps: PollsDeps,
  access: GroupAccess,
  input: z.infer<typeof ballotInputSchema>,
): Promise<CardReply> {
  const poll = await deps.polls.requireRecent(input.pollId);
  const membership = access.membership!;
  if (!isOpen(poll, turn.now)) throw new Refusal('polls:errors.pollClosed');
  const answers = readBallot(poll, input);
  const voter = { id: turn.person.id, name: turn.person.name, municipalityCode: membership.municipalityCode };
  const built = buildVote(poll, voterKey(poll, turn.person.id, anonymitySecret(deps)), voter, answers, turn.now);
  const { vote, repeated } = await saveVoteOnce(deps, built, turn.activityKey, anonymitySecret(deps));
  if (!repeated) telemetry.count('votes', { kind: poll.kind, anonymous: poll.anonymous });

  const coordinator = access.role === 'coordinator';
  const results = poll.showResultsBeforeClose || coordinator;
  const [snapshot, represented] = results
    ? await Promise.all([
        deps.votes.snapshotWith(poll.pollId, vote, input.seen, 'voting'),
        recentRepresentation(deps, poll),
      ])
    : [undefined, undefined];
  const key = `${poll.pollId}|${turn.language}|${coordinator}|${isOpen(poll, turn.now)}|${snapshot?.key ?? JSON.stringify(vote.answers)}|${represented?.key ?? ''}`;
  return deps.answerCards.get(key, () =>
    pollCard(turn, {
      poll,
      now: turn.now,
      own: vote,
      ...(snapshot ? { votes: snapshot.votes } : {}),
      ...(represented ? { representatives: represented.counts } : {}),
      isCoordinator: coordinator,
      justSaved: true,
    }),
  );
}

/**
 * What Teams asks for when it shows the card to someone: their own answers, or the result once closed. Someone
 * in the group's channel who is not in the group sees the question, never the tallies or names.
 */
export async function personalView(
  turn: Turn,
  deps: PollsDeps,
  access: GroupAccess,
  { pollId, seen }: z.infer<typeof pollViewSchema>,
) {
  const poll = await deps.polls.requireRecent(pollId);
  const coordinator = access.role === 'coordinator';
  if (!access.isMember && !access.role) return pollCard(turn, { poll, now: turn.now, isCoordinator: false });
  const own = await deps.polls.getVote(poll.pollId, voterKey(poll, turn.person.id, anonymitySecret(deps)));
  const results = !isOpen(poll, turn.now) || poll.showResultsBeforeClose || coordinator;
  const [votes, represented] = results
    ? await Promise.all([deps.votes.votesWith(poll.pollId, own, seen), recentRepresentation(deps, poll)])
    : [undefined, undefined];
  if (!isOpen(poll, turn.now)) {
    return resultsCard(turn, {
      poll,
      votes: votes!,
      showNames: coordinator,
      canConfirm: coordinator,
      representatives: represented!.counts,
    });
  }
  return pollCard(turn, {
    poll,
    now: turn.now,
    ...(own ? { own } : {}),
    ...(votes ? { votes } : {}),
    ...(represented ? { representatives: represented.counts } : {}),
    isCoordinator: coordinator,
  });
}
