import type { Config } from '../../platform/config.js';
import type { LinkSigner } from '../../platform/link-signing.js';
import type { Logger } from '../../platform/logger.js';
import type { Outbox } from '../../platform/outbox/outbox.js';
import type { AccessGate } from '../membership/access.js';
import type { MembershipStore } from '../membership/store.js';
import type { OutputStore } from '../outputs/store.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { KitStore } from './store.js';

/**
 * The kit sits on outputs (the approved kit plan it is made from), programmes (the region and its staff) and
 * membership (who books for which municipality, and how to reach them). Everything it sends on its own (offers,
 * handover notices, the calendar in the group's channel) goes through the durable outbox; staff changes are
 * audited by the router's change hook.
 */
export type KitDeps = {
  programmes: ProgrammeStore;
  memberships: MembershipStore;
  outputs: OutputStore;
  gate: AccessGate;
  kits: KitStore;
  outbox: Outbox;
  links: LinkSigner;
  config: Pick<Config, 'publicBaseUrl'>;
  logger: Logger;
  clock: () => Date;
};
