import type { OutputsDeps } from '../outputs/deps.js';
import type { PollStore } from '../polls/store.js';
import type { SignIn } from './sign-in.js';

/**
 * The board sits on top: it reads programmes, memberships, outputs and polls through their stores' public methods,
 * and reviews and posts through the outputs feature's own use cases.
 */
export type BoardDeps = OutputsDeps & { polls: PollStore; signIn: SignIn };
