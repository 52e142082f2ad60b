import type { Config } from '../../platform/config.js';
import type { Memo } from '../../platform/shared-reads.js';
import type { AdaptiveCard } from '../../platform/teams/cards.js';
import type { LinkSigner } from '../../platform/link-signing.js';
import type { Outbox } from '../../platform/outbox/outbox.js';
import type { AccessGate } from '../membership/access.js';
import type { MembershipStore } from '../membership/store.js';
import type { ProgrammeStore } from '../programmes/store.js';
import type { PollStore } from './store.js';
import type { VoteCache } from './vote-cache.js';

/** Polls sit on programmes (where the group talks) and membership (who may vote, who has not answered). */
export type PollsDeps = {
  programmes: ProgrammeStore;
  memberships: MembershipStore;
  gate: AccessGate;
  polls: PollStore;
  votes: VoteCache;
  /**
   * Answer cards rendered in the last seconds. When a room votes at once, most voters' cards are identical (the
   * same shared tallies, the same answers chosen): each distinct one is rendered once instead of once per voter.
   */
  answerCards: Memo<AdaptiveCard>;
  /** Everything sent for a poll (its card, freezes, announcements, reminders), under the origin `poll:<id>`. */
  outbox: Outbox;
  links: LinkSigner;
  config: Pick<Config, 'publicBaseUrl' | 'voteAnonymityKey'>;
};
