import { WriteConflict, type Stored } from '../../platform/cosmos/documents.js';
import { activityMark, remembering, setBy } from './domain.js';
import type { PollsDeps } from './deps.js';
import type { Vote } from './schema.js';

/** Writes that found the vote changed under them before one went through: a person clicking very fast. */
const ATTEMPTS = 4;

/**
 * Saves a vote once per click, in the vote's own single write. The router keeps no processed-activity record for
 * the vote path (two more Cosmos operations per vote); instead the vote remembers the clicks that set it and is
 * written over the version this instance last saw, by ETag. A redelivered click finds itself in the vote and
 * changes nothing, so it cannot undo a newer answer given in between; a write made elsewhere since shows as a
 * conflict, and the vote is read and decided again.
 */
export async function saveVoteOnce(
  deps: Pick<PollsDeps, 'polls' | 'votes'>,
  vote: Vote,
  activityKey: string,
  secret: string,
): Promise<{ vote: Stored<Vote>; repeated: boolean }> {
  const mark = activityMark(activityKey, secret);
  let current = await deps.votes.lastSeen(vote.pollId, vote.id);
  for (let attempt = 1; ; attempt++) {
    if (current && setBy(current, mark)) return { vote: current, repeated: true };
    try {
      const saved = await deps.polls.saveVote(remembering(vote, mark, current), current);
      deps.votes.saved(saved);
      return { vote: saved, repeated: false };
    } catch (error) {
      if (!(error instanceof WriteConflict) || attempt === ATTEMPTS) throw error;
      current = await deps.polls.getVote(vote.pollId, vote.id.slice('vote:'.length));
    }
  }
}
