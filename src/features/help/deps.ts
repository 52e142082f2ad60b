import type { ProgrammeGate } from '../programmes/access.js';

/** Help sits on top of every feature: it only needs to know which roles the reader holds. */
export type HelpDeps = { programmes: ProgrammeGate };
