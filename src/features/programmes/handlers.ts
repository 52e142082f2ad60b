import type { Config } from '../../platform/config.js';
import type { Router } from '../../platform/teams/router.js';
import type { ProgrammeStore } from './store.js';

export type ProgrammesDeps = { programmes: ProgrammeStore; config: Config };

export function registerProgrammes(_router: Router, _deps: ProgrammesDeps): void {}
