import type { Config } from '../../platform/config.js';
import type { LinkSigner } from '../../platform/link-signing.js';
import type { Outbox } from '../../platform/outbox/outbox.js';
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
  /** Everything sent for a meeting (agenda card, its updates, change lines, reminders), under `meetingOrigin`. */
  outbox: Outbox;
  links: LinkSigner;
  config: Pick<Config, 'publicBaseUrl'>;
};
