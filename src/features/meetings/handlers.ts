import type { Listeners } from '../../platform/teams/listeners.js';
import type { MeetingsDeps } from './deps.js';

/** Meeting days and agendas: placeholder until the agendas feature lands. */
export function registerMeetings(_listeners: Listeners, _deps: MeetingsDeps): void {}
