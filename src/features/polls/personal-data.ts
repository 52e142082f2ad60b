import type { Documents, Stored } from '../../platform/cosmos/documents.js';
import type { PersonalDataSource, Placeholder, Touched } from '../../platform/personal-data.js';
import { voterKey } from './domain.js';
import { pollSchema, voteSchema, type Poll } from './schema.js';

/**
 * Personal data in polls: votes (a named vote carries the voter's name and municipality; an anonymous one only a
 * keyed hash of the voter, which this bot can still link to them), and the coordinators named on a poll (made,
 * closed, day confirmed by). Votes are the person's own and are deleted on erasure; a poll keeps its question
 * and options with the placeholder instead of their name. A programme past its retention time loses every vote.
 */
export function pollPersonalData(polls: Documents, anonymityKey: string): PersonalDataSource[] {
  const reads = pollReads(polls, anonymityKey);
  return [votesSource(reads), authorsSource(reads)];
}

type PollReads = ReturnType<typeof pollReads>;

function pollReads(polls: Documents, anonymityKey: string) {
  return {
    polls,
    container: polls.name,
    /** Crosses partitions (one per poll), over the handful of polls a region makes: only erasure and retention ask. */
    all: (programmeId?: string) =>
      polls.query(pollSchema, {
        query: `SELECT * FROM c WHERE c.type = 'poll'${programmeId ? ' AND c.programmeId = @programmeId' : ''}`,
        parameters: programmeId ? [{ name: '@programmeId', value: programmeId }] : [],
      }),
    /** The person's vote, named or anonymous: both are found by the key the vote was stored under. */
    voteOf: (poll: Poll, personId: string) =>
      polls.read(voteSchema, `vote:${voterKey(poll, personId, anonymityKey)}`, poll.pollId),
    votesIn: (poll: Poll) =>
      polls.query(
        voteSchema,
        {
          query: "SELECT * FROM c WHERE c.pollId = @pollId AND c.type = 'vote'",
          parameters: [{ name: '@pollId', value: poll.pollId }],
        },
        poll.pollId,
      ),
  };
}

function votesSource({ polls, container, all, voteOf, votesIn }: PollReads): PersonalDataSource {
  const deleteVotes = async (found: Stored<Poll>[], which: (poll: Poll) => Promise<{ id: string }[]>) => {
    let touched = 0;
    for (const poll of found) {
      for (const vote of await which(poll)) {
        await polls.delete(vote.id, poll.pollId);
        touched += 1;
      }
    }
    return { [container]: touched };
  };
  return {
    name: 'votes',
    containers: [container],
    async find(personId) {
      const found = [];
      for (const poll of await all()) {
        const vote = await voteOf(poll, personId);
        if (!vote) continue;
        const details = { poll: poll.question, anonymous: poll.anonymous, answers: vote.answers, voter: vote.voter };
        found.push({ programmeId: poll.programmeId, what: poll.question, at: vote.votedAt, details });
      }
      return found;
    },
    erase: async (personId) =>
      deleteVotes(await all(), async (poll) => {
        const vote = await voteOf(poll, personId);
        return vote ? [vote] : [];
      }),
    forgetProgramme: async (programmeId) => deleteVotes(await all(programmeId), votesIn),
  };
}

function authorsSource({ polls, container, all }: PollReads): PersonalDataSource {
  const rewrite = async (found: Stored<Poll>[], change: (poll: Poll) => Poll | undefined): Promise<Touched> => {
    let touched = 0;
    for (const poll of found.filter((p) => change(p) !== undefined)) {
      await polls.update(pollSchema, poll.id, poll.pollId, change);
      touched += 1;
    }
    return { [container]: touched };
  };
  return {
    name: 'polls',
    containers: [container],
    find: async (personId) =>
      (await all())
        .filter((poll) => namedIn(poll, (id) => id === personId))
        .map((poll) => ({
          programmeId: poll.programmeId,
          what: poll.question,
          at: poll.createdAt,
          details: {
            poll: poll.question,
            createdBy: poll.createdBy,
            ...(poll.closedBy ? { closedBy: poll.closedBy } : {}),
            ...(poll.decision ? { dayConfirmedBy: poll.decision.confirmedBy } : {}),
          },
        })),
    erase: async (personId, placeholder) =>
      rewrite(await all(), (poll) => withPlaceholder(poll, (id) => id === personId, placeholder)),
    forgetProgramme: async (programmeId, placeholder) =>
      rewrite(await all(programmeId), (poll) => withPlaceholder(poll, (id) => id !== placeholder.id, placeholder)),
  };
}

function namedIn(poll: Poll, matches: (id: string) => boolean): boolean {
  return (
    matches(poll.createdBy.id) ||
    (typeof poll.closedBy === 'object' && matches(poll.closedBy.id)) ||
    (poll.decision !== undefined && matches(poll.decision.confirmedBy.id))
  );
}

function withPlaceholder(poll: Poll, matches: (id: string) => boolean, placeholder: Placeholder): Poll | undefined {
  if (!namedIn(poll, matches)) return undefined;
  const swap = <P extends { id: string }>(person: P) => (matches(person.id) ? { ...placeholder } : person);
  return {
    ...poll,
    createdBy: swap(poll.createdBy),
    ...(typeof poll.closedBy === 'object' ? { closedBy: swap(poll.closedBy) } : {}),
    ...(poll.decision ? { decision: { ...poll.decision, confirmedBy: swap(poll.decision.confirmedBy) } } : {}),
  };
}
