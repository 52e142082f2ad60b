import type { TeamsDirectory } from '../../platform/teams/directory.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { AccessGate } from './access.js';
import type { MembershipStore } from './store.js';

/**
 * Membership sits on programmes: it reads programmes through ProgrammeStore and owns the membership documents;
 * Teams names the people a coordinator picks to add.
 */
export type MembershipDeps = {
  programmes: ProgrammeStore;
  memberships: MembershipStore;
  gate: AccessGate;
  directory: TeamsDirectory;
};
