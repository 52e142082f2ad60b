import type { Vote } from './schema.js';
import type { PollStore } from './store.js';

/**
 * Recent votes per poll, shared by everyone voting at the same moment: when 350 people vote within seconds,
 * their result cards are built from one query every `maxAgeMs` instead of one each. Each voter's own vote is
 * laid over the shared list, so nobody sees a result that lacks their own answer.
 */
export class VoteCache {
  private readonly entries = new Map<string, { at: number; votes: Promise<Vote[]> }>();

  constructor(
    private readonly store: PollStore,
    private readonly maxAgeMs = 2000,
  ) {}

  async votesWith(pollId: string, own?: Vote): Promise<Vote[]> {
    const votes = await this.recent(pollId);
    return own ? [...votes.filter((vote) => vote.id !== own.id), own] : votes;
  }

  forget(pollId: string): void {
    this.entries.delete(pollId);
  }

  private recent(pollId: string): Promise<Vote[]> {
    const cached = this.entries.get(pollId);
    if (cached && Date.now() - cached.at < this.maxAgeMs) return cached.votes;
    const votes = this.store.listVotes(pollId);
    this.entries.set(pollId, { at: Date.now(), votes });
    votes.catch(() => this.entries.delete(pollId));
    return votes;
  }
}
