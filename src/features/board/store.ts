import type { Stored } from '../../platform/cosmos/documents.js';
import type { Membership } from '../membership/schema.js';
import type { Output, RunningOrder } from '../outputs/schema.js';
import type { Poll, Vote } from '../polls/schema.js';
import type { BoardDeps } from './deps.js';

/**
 * What the board reads, only through the other features' stores' public methods: it owns no documents of its own.
 * Who may read what is decided before (access.ts), through the access modules.
 */
export class BoardReads {
  constructor(private readonly deps: Pick<BoardDeps, 'memberships' | 'outputs' | 'polls'>) {}

  memberships(programmeId: string): Promise<Membership[]> {
    return this.deps.memberships.listInProgramme(programmeId);
  }

  outputs(programmeId: string): Promise<Stored<Output>[]> {
    return this.deps.outputs.listInProgramme(programmeId);
  }

  runningOrder(programmeId: string): Promise<RunningOrder | undefined> {
    return this.deps.outputs.getRunningOrder(programmeId);
  }

  /** Each group's newest date poll with its votes (a group's earlier polls are history the chart does not show). */
  async latestDatePolls(programmeId: string, groupIds: string[]): Promise<{ poll: Poll; votes: Vote[] }[]> {
    const latest = await Promise.all(
      groupIds.map(async (groupId) =>
        (await this.deps.polls.listForGroup(programmeId, groupId)).find((poll) => poll.kind === 'date'),
      ),
    );
    return Promise.all(
      latest
        .filter((poll): poll is Stored<Poll> => poll !== undefined)
        .map(async (poll) => ({ poll, votes: await this.deps.polls.listVotes(poll.pollId) })),
    );
  }
}
