import type { TeamsDirectory } from '../../platform/teams/directory.js';
import type { ProgrammeGate } from './access.js';
import type { ProgrammeStore } from './store.js';

/**
 * Programmes are the bottom floor: they need their store, the rule of who may run a programme, and Teams' names
 * for people picked on a card.
 */
export type ProgrammesDeps = { programmes: ProgrammeStore; gate: ProgrammeGate; directory: TeamsDirectory };
