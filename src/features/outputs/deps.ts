import type { Config } from '../../platform/config.js';
import type { Documents } from '../../platform/cosmos/documents.js';
import type { Messenger } from '../../platform/teams/messenger.js';
import type { MembershipStore } from '../membership/store.js';
import type { ProgrammeStore } from '../programmes/store.js';

/** Outputs sit on programmes (expected outputs, roles, links) and membership (who works on a group's output). */
export type OutputsDeps = {
  programmes: ProgrammeStore;
  memberships: MembershipStore;
  outputs: Documents;
  messenger: Messenger;
  config: Config;
};
