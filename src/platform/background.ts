import { outsideStoreDeadline } from './cosmos/deadline.js';
import type { Logger } from './logger.js';
import type { Stoppable } from './shutdown.js';

/** Runs work that outlives the turn that started it (receiving a video after the message was answered). */
export type Background = (work: () => Promise<void>) => void;

/**
 * The instance's work begun by turns and finished after them. A graceful shutdown waits for it (drain) before the
 * outbox and the store stop: a video being received is stored and its answer enqueued, not cut off halfway.
 * Failures are logged, never thrown into the void; the work itself tells the person how it went.
 */
export class BackgroundWork implements Stoppable {
  readonly name = 'background';
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  /** Starts `work` now, outside the starting turn's store budget (the turn is answered long before it ends). */
  readonly run: Background = (work) => {
    const task: Promise<void> = outsideStoreDeadline(() =>
      work().catch((error: unknown) => this.logger.error({ err: error }, 'background work failed')),
    ).finally(() => this.running.delete(task));
    this.running.add(task);
  };

  get size(): number {
    return this.running.size;
  }

  /** Resolves once nothing is running, work started by turns still finishing included. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
