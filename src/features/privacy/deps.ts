import type { Config } from '../../platform/config.js';
import type { Logger } from '../../platform/logger.js';
import type { PersonalData } from '../../platform/personal-data.js';
import type { AuditStore } from '../audit/store.js';
import type { MembershipStore } from '../membership/store.js';
import type { ProgrammeGate } from '../programmes/access.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { DownloadStore } from './store.js';

/**
 * Privacy sits on top of every feature: it reaches their personal data only through the sources they registered
 * (platform/personal-data.ts), reads programmes and memberships through their stores, and records erasures and
 * retention runs in the audit trail.
 */
export type PrivacyDeps = {
  programmes: ProgrammeStore;
  memberships: MembershipStore;
  gate: ProgrammeGate;
  personalData: PersonalData;
  audit: AuditStore;
  downloads: DownloadStore;
  config: Pick<Config, 'publicBaseUrl' | 'retentionDays' | 'voteAnonymityKey'>;
  clock: () => Date;
  logger: Logger;
};
