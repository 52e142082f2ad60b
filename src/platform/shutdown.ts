import type { Logger } from './logger.js';

/**
 * Something that takes work and must let go of it cleanly when the instance stops: the HTTP server (Teams' turns),
 * the scheduler (timed jobs), and any background worker added later (e.g. an outbox that delivers messages).
 */
export type Stoppable = {
  name: string;
  /** Stops taking new work at once; resolves when the work already started is finished. */
  drain(): Promise<void>;
  /**
   * Called only when draining ran out of time: hands back what is still held (a job's lease, a claimed message) so
   * another instance can take it over now instead of after its lease. Must be quick.
   */
  abandon?(): Promise<void>;
};

export type DrainReport = {
  /** Every stoppable finished its work within the bound. */
  drained: boolean;
  ms: number;
  stoppables: { name: string; drained: boolean; ms: number }[];
};

/**
 * Stops every stoppable at the same moment (so no new work starts anywhere while the rest finishes), waits for
 * their work in flight for at most `timeoutMs`, and has those that did not finish give back what they hold.
 */
export async function drainAll(stoppables: Stoppable[], timeoutMs: number, logger: Logger): Promise<DrainReport> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  const results = await Promise.all(
    stoppables.map(async (stoppable) => {
      const drained = stoppable.drain().then(
        () => 'drained' as const,
        (error: unknown) => {
          logger.error({ err: error, stoppable: stoppable.name }, 'could not drain');
          return 'failed' as const;
        },
      );
      const outcome = await Promise.race([drained, timeUp]);
      if (outcome !== 'drained') {
        await stoppable.abandon?.().catch((error: unknown) => {
          logger.error({ err: error, stoppable: stoppable.name }, 'could not give back held work');
        });
      }
      return { name: stoppable.name, drained: outcome === 'drained', ms: Math.round(performance.now() - started) };
    }),
  );
  clearTimeout(timer);
  return {
    drained: results.every((result) => result.drained),
    ms: Math.round(performance.now() - started),
    stoppables: results,
  };
}

/**
 * Drains in order, within one bound for all: the work of each stage is finished (or given back) before the next
 * stage stops. What takes work from people and timers (turns, background work, jobs) goes first, so that whatever
 * it enqueues on its way out is still there for the stage after it (the outbox delivering).
 */
export async function drainInStages(stages: Stoppable[][], timeoutMs: number, logger: Logger): Promise<DrainReport> {
  const started = performance.now();
  const reports: DrainReport[] = [];
  for (const stage of stages) {
    const left = Math.max(0, timeoutMs - (performance.now() - started));
    reports.push(await drainAll(stage, left, logger));
  }
  return {
    drained: reports.every((report) => report.drained),
    ms: Math.round(performance.now() - started),
    stoppables: reports.flatMap((report) => report.stoppables),
  };
}
