import type { AuditedRun } from '../audit/trail.js';
import type { OutputsDeps } from '../outputs/deps.js';
import type { PollStore } from '../polls/store.js';
import type { SignIn } from './sign-in.js';

/**
 * The board sits on top: it reads programmes, memberships, outputs and polls through their stores' public methods,
 * and reviews and posts through the outputs feature's own use cases.
 */
export type BoardDeps = OutputsDeps & {
  polls: PollStore;
  signIn: SignIn;
  /** Changes made on the board are recorded in the audit trail as chat's are (chat's go through the router's hook). */
  audited: AuditedRun;
};
