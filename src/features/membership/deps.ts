import type { ProgrammeStore } from '../programmes/store.js';
import type { AccessGate } from './access.js';
import type { MembershipStore } from './store.js';

/** Membership sits on programmes: it reads programmes through ProgrammeStore and owns the membership documents. */
export type MembershipDeps = { programmes: ProgrammeStore; memberships: MembershipStore; gate: AccessGate };
