import { z } from 'zod/v4';
import { WriteConflict, type Documents, type Stored } from './cosmos/documents.js';
import type { Logger } from './logger.js';
import type { Outbox, SealableSender, Sender } from './outbox/outbox.js';
import type { Stoppable } from './shutdown.js';
import { telemetry } from './telemetry/telemetry.js';

/** What a job may use while it runs. */
export type JobContext = {
  /**
   * Sends for this job through the outbox, all for one origin (e.g. `poll:<id>`). A job that sends is done only
   * once its messages are delivered or have failed for good; until then its document says `delivering`.
   */
  sender(origin: string): Sender;
};

/** Something due now, e.g. "close poll X" or "remind group Y one day before". The key names it for ever. */
export type DueJob = { key: string; run: (job: JobContext) => Promise<void> };
export type JobSource = (now: Date) => Promise<DueJob[]>;

const jobSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'delivering', 'done', 'failed']),
  leaseUntil: z.string(),
  attempts: z.number(),
  finishedAt: z.string().optional(),
  /** Jobs that sent: how many of their messages arrived, and how many failed for good. */
  delivered: z.number().optional(),
  undelivered: z.number().optional(),
});
type Job = z.infer<typeof jobSchema>;

const MAX_ATTEMPTS = 5;

/** The outbox hook that marks a job done once everything it sent is finished. */
const JOB_MESSAGES_FINISHED = 'scheduler.jobMessagesFinished';

/**
 * Runs timed work (deadlines, reminders) once, even when several bot instances tick against the same store:
 * before running a job an instance claims it by creating the job's document (only one create can win) or, when
 * an earlier claim's lease ran out because its instance died, by replacing it under the ETag. A job that fails
 * is released for the next tick, up to five attempts. An instance that dies after sending but before recording
 * "done" means one repeat after the lease. On shutdown (drain) an instance stops claiming and finishes the job in
 * hand; only a job still running when the drain's time is up is given back (abandon), and may then run twice.
 * A job that sends through its outbox sender repeats nothing when it runs again: its messages have keys.
 */
export class Scheduler implements Stoppable {
  readonly name = 'scheduler';
  private readonly sources: { name: string; find: JobSource; housekeeping: boolean }[] = [];
  /** Set by drain(): no tick starts and no job is claimed any more. */
  private stopping = false;
  private timer?: NodeJS.Timeout;
  private readonly ticks = new Set<Promise<string[]>>();
  /** Jobs this instance has claimed and is running now, by key, with the claim that guards their outcome. */
  private readonly held = new Map<string, Stored<Job>>();

  constructor(
    private readonly jobs: Documents,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly leaseMs = 5 * 60_000,
    private readonly outbox?: Outbox,
  ) {
    outbox?.onSettled(JOB_MESSAGES_FINISHED, async ({ data, delivered, failed }) => {
      const key = String(data.job);
      await this.jobs.update(jobSchema, key, key, (job) =>
        job.status === 'done'
          ? undefined
          : {
              ...job,
              status: 'done' as const,
              finishedAt: this.clock().toISOString(),
              delivered,
              undelivered: failed.length,
            },
      );
    });
  }

  /**
   * Adds a source of due jobs. Housekeeping (deleting what expired) runs once across instances like any job, but is
   * left out of what tick() reports: callers and tests look there for the work the bot does for people.
   */
  register(name: string, find: JobSource, { housekeeping = false } = {}): void {
    this.sources.push({ name, find, housekeeping });
  }

  /** Looks for due work once and runs what this instance could claim; returns the keys it ran. */
  tick(): Promise<string[]> {
    if (this.stopping) return Promise.resolve([]);
    const tick = this.runDue().finally(() => this.ticks.delete(tick));
    this.ticks.add(tick);
    return tick;
  }

  /** Stops claiming jobs (the timer too) and resolves once the jobs being run now are finished and recorded. */
  async drain(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.allSettled([...this.ticks]);
  }

  /**
   * Gives back the jobs still running when the drain ran out of time: their lease ends now, so another instance
   * claims them on its next tick instead of after the lease. Such a job may then run twice, the price of not waiting.
   */
  async abandon(): Promise<void> {
    const now = this.clock().toISOString();
    await Promise.all(
      [...this.held.values()].map((claim) =>
        this.record(claim, { ...claim, leaseUntil: now, attempts: claim.attempts - 1 }),
      ),
    );
    this.held.clear();
  }

  private async runDue(): Promise<string[]> {
    const ran: string[] = [];
    for (const { name, find, housekeeping } of this.sources) {
      if (this.stopping) break;
      let due: DueJob[] = [];
      try {
        due = await find(this.clock());
      } catch (error) {
        this.logger.error({ err: error, source: name }, 'could not look for due jobs');
      }
      for (const job of due) {
        if (this.stopping) break; // what is left stays unclaimed for the other instances
        const done = await telemetry.span(`job ${name}`, { 'job.source': name }, () =>
          this.runClaimed(job, housekeeping),
        );
        if (done && !housekeeping) ran.push(job.key);
      }
    }
    return ran;
  }

  /** Ticks every `intervalMs` until the returned function is called; never keeps the process alive alone. */
  start(intervalMs = 60_000): () => void {
    let running = false;
    const timer = (this.timer = setInterval(() => {
      if (running) return;
      running = true;
      this.tick()
        .catch((error: unknown) => this.logger.error({ err: error }, 'scheduler tick failed'))
        .finally(() => (running = false));
    }, intervalMs));
    timer.unref();
    return () => clearInterval(timer);
  }

  private async runClaimed(job: DueJob, housekeeping = false): Promise<boolean> {
    const claim = await this.claim(job.key);
    if (!claim) return false;
    this.held.set(job.key, claim);
    const now = this.clock().toISOString();
    let sending: SealableSender | undefined;
    const context: JobContext = {
      sender: (origin) => {
        if (!this.outbox) throw new Error('this scheduler has no outbox');
        if (sending && sending.origin !== origin) throw new Error('a job sends for one origin');
        sending ??= this.outbox.batch(origin, job.key, { kind: JOB_MESSAGES_FINISHED, data: { job: job.key } });
        return sending;
      },
    };
    try {
      await job.run(context);
      if (!this.held.delete(job.key)) return false; // abandoned meanwhile: the next claimant records it
      if (sending) {
        // Done only when its messages are: the outbox's hook says so (possibly at once, within seal).
        await sending.seal();
        await this.jobs.update(jobSchema, claim.id, claim.id, (current) =>
          current.status === 'running' ? { ...current, status: 'delivering' as const } : undefined,
        );
        // Its run is done (and logged as such, once); the job's document says `delivering` until its messages are.
        this.logger.info({ job: job.key, attempt: claim.attempts, messages: 'delivering' }, 'job done');
        return true;
      }
      await this.record(claim, { ...claim, status: 'done', finishedAt: now });
      if (housekeeping) this.logger.debug({ job: job.key }, 'housekeeping done');
      else this.logger.info({ job: job.key, attempt: claim.attempts }, 'job done');
      return true;
    } catch (error) {
      if (!this.held.delete(job.key)) return false;
      const failed = claim.attempts >= MAX_ATTEMPTS;
      this.logger.error({ err: error, job: job.key, attempt: claim.attempts, gaveUp: failed }, 'job failed');
      await this.record(claim, { ...claim, status: failed ? 'failed' : 'running', leaseUntil: now });
      return false;
    }
  }

  private async claim(key: string): Promise<Stored<Job> | undefined> {
    const now = this.clock();
    const leaseUntil = new Date(now.getTime() + this.leaseMs).toISOString();
    try {
      return await this.jobs.create<Job>({ id: key, status: 'running', leaseUntil, attempts: 1 });
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
    }
    const existing = await this.jobs.read(jobSchema, key, key);
    if (!existing || existing.status !== 'running' || existing.leaseUntil > now.toISOString()) return undefined;
    try {
      const { _etag, ...job } = existing;
      return await this.jobs.replace<Job>({ ...job, leaseUntil, attempts: job.attempts + 1 }, _etag, key);
    } catch (error) {
      if (error instanceof WriteConflict) return undefined; // another instance took it over first
      throw error;
    }
  }

  private async record(claim: Stored<Job>, next: Job): Promise<void> {
    const { _etag: _ignored, ...job } = next as Stored<Job>;
    await this.jobs.replace<Job>(job, claim._etag, claim.id).catch((error: unknown) => {
      this.logger.warn({ err: error, job: claim.id }, 'could not record the job outcome');
    });
  }
}
