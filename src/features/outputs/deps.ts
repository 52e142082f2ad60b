import type { BlobFiles } from '../../platform/blob/files.js';
import type { Config } from '../../platform/config.js';
import type { Logger } from '../../platform/logger.js';
import type { LinkSigner } from '../../platform/link-signing.js';
import type { Background } from '../../platform/background.js';
import type { Outbox } from '../../platform/outbox/outbox.js';
import type { AccessGate } from '../membership/access.js';
import type { MembershipStore } from '../membership/store.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { OutputStore } from './store.js';

/** Outputs sit on programmes (expected outputs, roles, links) and membership (who works on a group's output). */
export type OutputsDeps = {
  programmes: ProgrammeStore;
  memberships: MembershipStore;
  gate: AccessGate;
  outputs: OutputStore;
  /** Blob Storage for video files; without it, files are refused and links still work. */
  files?: BlobFiles;
  /** Reminders, review notices, the running order and a received video's answer, under `outputsOrigin`. */
  outbox: Outbox;
  /** Work finished after the turn (receiving a video), drained at shutdown. */
  background: Background;
  links: LinkSigner;
  config: Pick<Config, 'publicBaseUrl' | 'outputs'>;
  logger: Logger;
  clock: () => Date;
};
