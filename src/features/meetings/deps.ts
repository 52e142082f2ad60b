import type { Config } from '../../platform/config.js';
import type { LinkSigner } from '../../platform/link-signing.js';
import type { Messenger } from '../../platform/teams/messenger.js';
import type { AccessGate } from '../membership/access.js';
import type { PollStore } from '../polls/store.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { MeetingStore } from './store.js';

/** Meetings sit on programmes (groups, links), membership (who may read and add notes) and polls (decided days). */
export type MeetingsDeps = {
  programmes: ProgrammeStore;
  gate: AccessGate;
  polls: PollStore;
  meetings: MeetingStore;
  messenger: Messenger;
  links: LinkSigner;
  config: Pick<Config, 'publicBaseUrl'>;
};
