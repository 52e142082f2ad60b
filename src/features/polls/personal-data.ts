import type { Documents, Stored } from '../../platform/cosmos/documents.js';
import type { PersonalDataSource, Placeholder } from '../../platform/personal-data.js';
import { voterKey } from './domain.js';
import { pollSchema, voteSchema, type Poll } from './schema.js';

/**
 * Personal data in polls: votes (a named vote carries the voter's name and municipality; an anonymous one only a
 * keyed hash of the voter, which this bot can still link to them), and the coordinators named on a poll (made,
 * closed, day confirmed by). Votes are the person's own and are deleted on erasure; a poll keeps its question
 * and options with the placeholder instead of their name. A programme past its retention time loses every vote.
 */
export function pollPersonalData(polls: Documents, anonymityKey: string): PersonalDataSource[] {
  const container = polls.name;
  // Crosses partitions (one per poll), over the handful of polls a region makes: only erasure and retention ask.
  const allPolls = (programmeId?: string) =>
    polls.query(pollSchema, {
      query: `SELECT * FROM c WHERE c.type = 'poll'${programmeId ? ' AND c.programmeId = @programmeId' : ''}`,
      parameters: programmeId ? [{ name: '@programmeId', value: programmeId }] : [],
    });
  /** The person's vote in a poll, named or anonymous: both are found by the key the vote was stored under. */
  const voteOf = (poll: Poll, personId: string) =>
    polls.read(voteSchema, `vote:${voterKey(poll, personId, anonymityKey)}`, poll.pollId);

  const votes: PersonalDataSource = {
    name: 'votes',
    containers: [container],
    async find(personId) {
      const found = [];
      for (const poll of await allPolls()) {
        const vote = await voteOf(poll, personId);
        if (!vote) continue;
        found.push({
          programmeId: poll.programmeId,
          what: poll.question,
          at: vote.votedAt,
          details: { poll: poll.question, anonymous: poll.anonymous, answers: vote.answers, voter: vote.voter },
        });
      }
      return found;
    },
    async erase(personId) {
      let touched = 0;
      for (const poll of await allPolls()) {
        const vote = await voteOf(poll, personId);
        if (!vote) continue;
        await polls.delete(vote.id, poll.pollId);
        touched += 1;
      }
      return { [container]: touched };
    },
    async forgetProgramme(programmeId) {
      let touched = 0;
      for (const poll of await allPolls(programmeId)) {
        const all = await polls.query(
          voteSchema,
          {
            query: "SELECT * FROM c WHERE c.pollId = @pollId AND c.type = 'vote'",
            parameters: [{ name: '@pollId', value: poll.pollId }],
          },
          poll.pollId,
        );
        for (const vote of all) await polls.delete(vote.id, poll.pollId);
        touched += all.length;
      }
      return { [container]: touched };
    },
  };

  const rewrite = async (found: Stored<Poll>[], change: (poll: Poll) => Poll | undefined) => {
    let touched = 0;
    for (const poll of found) {
      if (!change(poll)) continue;
      await polls.update(pollSchema, poll.id, poll.pollId, change);
      touched += 1;
    }
    return { [container]: touched };
  };

  const authors: PersonalDataSource = {
    name: 'polls',
    containers: [container],
    async find(personId) {
      return (await allPolls())
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
        }));
    },
    erase: async (personId, placeholder) =>
      rewrite(await allPolls(), (poll) => withPlaceholder(poll, (id) => id === personId, placeholder)),
    forgetProgramme: async (programmeId, placeholder) =>
      rewrite(await allPolls(programmeId), (poll) => withPlaceholder(poll, (id) => id !== placeholder.id, placeholder)),
  };

  return [votes, authors];
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
