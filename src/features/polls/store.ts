import { statusOf, WriteConflict, type Documents, type Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import type { SharedReads } from '../../platform/shared-reads.js';
import type { ShortLivedCache } from '../../platform/short-lived-cache.js';
import { pollSchema, voteSchema, type Poll, type Vote } from './schema.js';

/**
 * Cosmos access for polls: the `polls` container, partitioned by poll id, holds the poll and one document per
 * voter. A vote is one idempotent upsert into its own document, so 350 people voting at once never contend
 * and a redelivered vote is counted once; the results are one single-partition query.
 */
export class PollStore {
  /** Polls as read in the last second, for the vote path only; any change made through this store clears it. */
  private readonly recent: ShortLivedCache<Stored<Poll> | undefined>;

  constructor(
    private readonly polls: Documents,
    reads: SharedReads,
  ) {
    this.recent = reads.read(
      {
        name: 'polls',
        maxAgeMs: 1000,
        why: 'the poll on the vote path: a close made on this instance is seen at once (changes here clear it), one made on another instance within a second',
      },
      (pollId) => this.get(pollId),
    );
  }

  /**
   * The poll as seen at most a second ago. When 350 people vote within seconds they share one read instead of
   * making 350. A close made on this instance is seen at once; one made on another instance within a second.
   */
  async requireRecent(pollId: string): Promise<Stored<Poll>> {
    const poll = await this.recent.get(pollId);
    if (!poll) {
      this.recent.forget(pollId);
      throw new Refusal('polls:errors.unknownPoll');
    }
    return poll;
  }

  get(pollId: string): Promise<Stored<Poll> | undefined> {
    return this.polls.read(pollSchema, pollId, pollId);
  }

  async require(pollId: string): Promise<Stored<Poll>> {
    const poll = await this.get(pollId);
    if (!poll) throw new Refusal('polls:errors.unknownPoll');
    return poll;
  }

  create(poll: Poll): Promise<Stored<Poll>> {
    return this.polls.create(poll);
  }

  /** ETag-guarded; `change` returns undefined when there is nothing to do (e.g. already closed). */
  async update(pollId: string, change: (poll: Poll) => Poll | undefined): Promise<Stored<Poll> | undefined> {
    this.recent.forget(pollId);
    try {
      return await this.polls.update(pollSchema, pollId, pollId, change);
    } finally {
      this.recent.forget(pollId);
    }
  }

  /** Only for a poll that never reached anyone (its post failed), so it has no votes to orphan. */
  delete(pollId: string): Promise<void> {
    return this.polls.delete(pollId, pollId);
  }

  /**
   * One write: creates the vote, or replaces the version `over` the caller last saw. A `WriteConflict` says the
   * vote is not what the caller saw (someone else's write in between, or it was erased): read it and decide again.
   */
  async saveVote(vote: Vote, over?: Stored<Vote>): Promise<Stored<Vote>> {
    if (!over) return this.polls.create(vote);
    return this.polls.replace(vote, over._etag, vote.pollId).catch((error: unknown) => {
      throw statusOf(error) === 404 ? new WriteConflict('changed') : error;
    });
  }

  getVote(pollId: string, key: string): Promise<Stored<Vote> | undefined> {
    return this.polls.read(voteSchema, `vote:${key}`, pollId);
  }

  listVotes(pollId: string): Promise<Stored<Vote>[]> {
    return this.polls.query(
      voteSchema,
      {
        query: "SELECT * FROM c WHERE c.pollId = @pollId AND c.type = 'vote'",
        parameters: [{ name: '@pollId', value: pollId }],
      },
      pollId,
    );
  }

  /** Open polls whose deadline has passed. Crosses partitions, once a minute, over a handful of open polls. */
  listDueForClosing(now: Date): Promise<Stored<Poll>[]> {
    return this.polls.query(pollSchema, {
      query: "SELECT * FROM c WHERE c.type = 'poll' AND c.status = 'open' AND c.deadline <= @now",
      parameters: [{ name: '@now', value: now.toISOString() }],
    });
  }

  listForGroup(programmeId: string, groupId: string): Promise<Stored<Poll>[]> {
    return this.polls.query(pollSchema, {
      query:
        "SELECT * FROM c WHERE c.type = 'poll' AND c.programmeId = @programmeId AND c.groupId = @groupId ORDER BY c.createdAt DESC",
      parameters: [
        { name: '@programmeId', value: programmeId },
        { name: '@groupId', value: groupId },
      ],
    });
  }
}
