import type { Logger } from './logger.js';

/** Runs work that outlives the turn that started it (receiving a video after the message was answered). */
export type Background = (work: () => Promise<void>) => void;

/** Failures are logged, never thrown into the void; the work itself tells the person how it went. */
export function backgroundWork(logger: Logger): Background {
  return (work) => {
    void work().catch((error: unknown) => logger.error({ err: error }, 'background work failed'));
  };
}
