import type { ProgrammeGate } from './access.js';
import type { ProgrammeStore } from './store.js';

/** Programmes are the bottom floor: they need their store and the rule of who may run a programme. */
export type ProgrammesDeps = { programmes: ProgrammeStore; gate: ProgrammeGate };
