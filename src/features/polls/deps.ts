import type { Config } from '../../platform/config.js';
import type { Messenger } from '../../platform/teams/messenger.js';
import type { ShortLivedCache } from '../../platform/short-lived-cache.js';
import type { MembershipStore } from '../membership/store.js';
import type { Programme } from '../programmes/schema.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { PollStore } from './store.js';
import type { VoteCache } from './vote-cache.js';

/** Polls sit on programmes (who coordinates, where the group talks) and membership (who may vote). */
export type PollsDeps = {
  programmes: ProgrammeStore;
  memberships: MembershipStore;
  polls: PollStore;
  votes: VoteCache;
  /** Programme reads for display only (buttons by role) on the vote path; rights are checked on fresh reads. */
  recentProgrammes: ShortLivedCache<Programme | undefined>;
  messenger: Messenger;
  config: Pick<Config, 'publicBaseUrl' | 'voteAnonymityKey'>;
};
