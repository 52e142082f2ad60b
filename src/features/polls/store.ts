import type { Documents, Stored } from '../../platform/cosmos/documents.js';
import { Refusal } from '../../platform/refusal.js';
import { pollSchema, voteSchema, type Poll, type Vote } from './schema.js';

/**
 * Cosmos access for polls: the `polls` container, partitioned by poll id, holds the poll and one document per
 * voter. A vote is one idempotent upsert into its own document, so 350 people voting at once never contend
 * and a redelivered vote is counted once; the results are one single-partition query.
 */
export class PollStore {
  constructor(private readonly polls: Documents) {}

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
  update(pollId: string, change: (poll: Poll) => Poll | undefined): Promise<Stored<Poll> | undefined> {
    return this.polls.update(pollSchema, pollId, pollId, change);
  }

  /** Only for a poll that never reached anyone (its post failed), so it has no votes to orphan. */
  delete(pollId: string): Promise<void> {
    return this.polls.delete(pollId, pollId);
  }

  saveVote(vote: Vote): Promise<Stored<Vote>> {
    return this.polls.upsert(vote);
  }

  getVote(pollId: string, key: string): Promise<Stored<Vote> | undefined> {
    return this.polls.read(voteSchema, `vote:${key}`, pollId);
  }

  listVotes(pollId: string): Promise<Stored<Vote>[]> {
    return this.polls.query(
      voteSchema,
      { query: "SELECT * FROM c WHERE c.pollId = @pollId AND c.type = 'vote'", parameters: [{ name: '@pollId', value: pollId }] },
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
      query: "SELECT * FROM c WHERE c.type = 'poll' AND c.programmeId = @programmeId AND c.groupId = @groupId ORDER BY c.createdAt DESC",
      parameters: [
        { name: '@programmeId', value: programmeId },
        { name: '@groupId', value: groupId },
      ],
    });
  }
}
