import type { Listeners } from '../../platform/teams/listeners.js';
import type { OutputsDeps } from './deps.js';

/** Outputs (kit plan, video) and the presentation day: placeholder until the outputs feature lands. */
export function registerOutputs(_listeners: Listeners, _deps: OutputsDeps): void {}
