import type { SharedReads } from '../../platform/shared-reads.js';
import type { ShortLivedCache } from '../../platform/short-lived-cache.js';
import type { Vote } from './schema.js';
import type { PollStore } from './store.js';

/**
 * Recent votes per poll for result cards: one query per poll every couple of seconds however many vote.
 * Each voter's own vote is laid over the shared list, so nobody sees a result that lacks their own answer.
 */
export class VoteCache {
  private readonly cache: ShortLivedCache<Vote[]>;

  constructor(store: PollStore, reads: SharedReads) {
    this.cache = reads.read(
      {
        name: 'votes',
        maxAgeMs: 2000,
        why: "tallies on answer cards while a room votes: each reader's own vote is laid over the shared list, so nobody sees a count without their own answer",
      },
      (pollId) => store.listVotes(pollId),
    );
  }

  async votesWith(pollId: string, own?: Vote): Promise<Vote[]> {
    return (await this.snapshotWith(pollId, own)).votes;
  }

  /**
   * The votes with the reader's own laid over them, plus a key that is equal exactly when two readers would see
   * the same tallies and the same own answers: the shared list is one object per load, and a reader changes it
   * only by their own answers (and by what they had answered before, if the list already held their vote).
   */
  async snapshotWith(pollId: string, own?: Vote): Promise<{ votes: Vote[]; key: string }> {
    const shared = await this.cache.get(pollId);
    const version = this.versionOf(shared);
    if (!own) return { votes: shared, key: `${version}` };
    const before = shared.find((vote) => vote.id === own.id);
    return {
      votes: [...shared.filter((vote) => vote.id !== own.id), own],
      key: `${version}|${JSON.stringify(before?.answers ?? null)}|${JSON.stringify(own.answers)}`,
    };
  }

  private readonly versions = new WeakMap<Vote[], number>();
  private nextVersion = 1;

  private versionOf(shared: Vote[]): number {
    let version = this.versions.get(shared);
    if (version === undefined) this.versions.set(shared, (version = this.nextVersion++));
    return version;
  }

  forget(pollId: string): void {
    this.cache.forget(pollId);
  }
}
