import type { AccessGate } from '../membership/access.js';
import type { ProgrammeGate } from '../programmes/access.js';

/**
 * Help sits on top of every feature: it needs which roles the reader holds, which group a conversation is
 * linked to (its welcome speaks that programme's language), and which card verbs the bot answers today.
 */
export type HelpDeps = {
  programmes: ProgrammeGate;
  gate: AccessGate;
  /** From the listener registry: an out-of-date card only offers ways the bot still answers. */
  cardVerbs: () => ReadonlySet<string>;
};
