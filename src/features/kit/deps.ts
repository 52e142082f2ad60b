import type { Config } from '../../platform/config.js';
import type { Logger } from '../../platform/logger.js';
import type { AccessGate } from '../membership/access.js';
import type { MembershipStore } from '../membership/store.js';
import type { OutputStore } from '../outputs/store.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { KitStore } from './store.js';

/**
 * The kit sits on outputs (the approved kit plan it is made from), programmes (the region and its staff) and
 * membership (who books for which municipality). The durable outbox and the audit trail join here when the use
 * cases are wired.
 */
export type KitDeps = {
  programmes: ProgrammeStore;
  memberships: MembershipStore;
  outputs: OutputStore;
  gate: AccessGate;
  kits: KitStore;
  config: Pick<Config, 'publicBaseUrl'>;
  logger: Logger;
  clock: () => Date;
};
