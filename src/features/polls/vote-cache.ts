import { ShortLivedCache } from '../../platform/short-lived-cache.js';
import type { Vote } from './schema.js';
import type { PollStore } from './store.js';

/**
 * Recent votes per poll for result cards: one query per poll every couple of seconds however many vote.
 * Each voter's own vote is laid over the shared list, so nobody sees a result that lacks their own answer.
 */
export class VoteCache {
  private readonly cache: ShortLivedCache<Vote[]>;

  constructor(store: PollStore, maxAgeMs = 2000) {
    this.cache = new ShortLivedCache((pollId) => store.listVotes(pollId), maxAgeMs);
  }

  async votesWith(pollId: string, own?: Vote): Promise<Vote[]> {
    const votes = await this.cache.get(pollId);
    return own ? [...votes.filter((vote) => vote.id !== own.id), own] : votes;
  }

  forget(pollId: string): void {
    this.cache.forget(pollId);
  }
}
