import { z } from 'zod/v4';
import { WriteConflict, type Documents, type Stored } from './cosmos/documents.js';
import { allShards, documentIdFor, shardOf } from './cosmos/shards.js';
import type { Logger } from './logger.js';
import type { PersonalDataSource } from './personal-data.js';
import type { JobSource } from './scheduler.js';

/**
 * Exactly-once effects for activities Teams may deliver more than once. Teams redelivers an activity (same id)
 * when the answer was slow or failed; without this, a redelivered "new poll" made two polls. `once(key, run)`
 * creates a record for the activity before the effect (only one create can win), runs the effect, and stores
 * its outcome (the answer) in the record. A redelivery, at the same time or later, gets that answer again instead
 * of a second effect. A claim whose process died is taken over when its lease runs out. Records expire after a
 * day (Cosmos TTL; the scheduler's cleanup for the embedded server, which ignores TTL).
 *
 * The record is written before the effect and the outcome after it: a process that dies between the effect and
 * the outcome leaves a claim that is taken over after the lease, and the effect then runs a second time. Effects
 * that are idempotent themselves (a vote is one upsert, an outbox message has a key) stay single even then.
 */
export const activityRecordSchema = z.object({
  id: z.string(),
  type: z.literal('activity'),
  shard: z.string(),
  state: z.enum(['running', 'done']),
  leaseUntil: z.string(),
  /** The answer to repeat, as JSON; null when the effect answered nothing. */
  outcome: z.unknown().optional(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  expiresAt: z.string(),
  ttl: z.number().int(),
});
type ActivityRecord = z.infer<typeof activityRecordSchema>;

/** Another delivery of the same activity is still being handled and did not finish within the wait. */
export class ActivityInProgress extends Error {
  constructor() {
    super('This activity is being handled by another delivery');
  }
}

export type ProcessedActivitiesOptions = {
  /** How long a claim is honoured before another delivery may take it over (the effect's worst case). */
  leaseMs: number;
  /** How long a redelivery waits for the first delivery's answer before giving up (within Teams' limits). */
  waitMs: number;
  /** How long a record is kept: Teams does not redeliver after that. */
  keepSeconds: number;
  now: () => number;
};

const SHARD_COUNT = 16;
const SHARDS = allShards('activities', SHARD_COUNT);
const POLL_MS = 100;
const idOnly = z.object({ id: z.string() });

export class ProcessedActivities {
  private readonly options: ProcessedActivitiesOptions;

  constructor(
    private readonly documents: Documents,
    private readonly logger: Logger,
    options: Partial<ProcessedActivitiesOptions> = {},
  ) {
    this.options = { leaseMs: 30_000, waitMs: 2_000, keepSeconds: 24 * 3600, now: Date.now, ...options };
  }

  /**
   * Runs `run` once for `activityKey` and returns its outcome; every other call with the same key returns that
   * outcome without running. The outcome must survive JSON (a card, a text). If `run` throws, the claim is
   * released so that a redelivery tries again.
   */
  async once<T>(activityKey: string, run: () => Promise<T>): Promise<T> {
    const id = documentIdFor('activity', activityKey);
    const shard = shardOf('activities', activityKey, SHARD_COUNT);
    const waitUntil = Date.now() + this.options.waitMs;
    for (;;) {
      const claim = await this.claim(id, shard);
      if ('claimed' in claim) return this.runClaimed(claim.claimed, run);
      if (claim.existing.state === 'done') return (claim.existing.outcome ?? undefined) as T;
      if (Date.now() >= waitUntil) throw new ActivityInProgress();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * The answers kept here may name anyone (a card listing who has not voted), and a record says nothing of whose it
   * is. So an erasure, or a programme's retention, clears every finished record: a day's protection against
   * redelivery is all that is lost.
   */
  personalData(): PersonalDataSource {
    const clear = async () => {
      let deleted = 0;
      for (const shard of SHARDS) {
        const done = await this.documents.query(idOnly, {
          query: "SELECT c.id FROM c WHERE c.shard = @shard AND c.state = 'done'",
          parameters: [{ name: '@shard', value: shard }],
        });
        for (const { id } of done) {
          await this.documents.delete(id, shard);
          deleted += 1;
        }
      }
      return { [this.documents.name]: deleted };
    };
    return {
      name: 'processedActivities',
      containers: [this.documents.name],
      find: async () => [],
      erase: clear,
      forgetProgramme: clear,
    };
  }

  /** For the scheduler: deletes expired records (Cosmos does it by TTL; the embedded server needs this). */
  cleanupJobs(): JobSource {
    return async (now) => [
      {
        key: `activities-cleanup:${now.toISOString().slice(0, 13)}`,
        run: async () => {
          await this.deleteExpired();
        },
      },
    ];
  }

  async deleteExpired(): Promise<number> {
    let deleted = 0;
    const now = new Date(this.options.now()).toISOString();
    for (const shard of SHARDS) {
      const expired = await this.documents.query(idOnly, {
        query: 'SELECT c.id FROM c WHERE c.shard = @shard AND c.expiresAt <= @now',
        parameters: [
          { name: '@shard', value: shard },
          { name: '@now', value: now },
        ],
      });
      for (const { id } of expired) {
        await this.documents.delete(id, shard);
        deleted += 1;
      }
    }
    return deleted;
  }

  private async claim(
    id: string,
    shard: string,
  ): Promise<{ claimed: Stored<ActivityRecord> } | { existing: Stored<ActivityRecord> }> {
    const now = this.options.now();
    const fresh: ActivityRecord = {
      id,
      type: 'activity',
      shard,
      state: 'running',
      leaseUntil: new Date(now + this.options.leaseMs).toISOString(),
      startedAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.options.keepSeconds * 1000).toISOString(),
      ttl: this.options.keepSeconds,
    };
    try {
      return { claimed: await this.documents.create(fresh) };
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
    }
    const existing = await this.documents.read(activityRecordSchema, id, shard);
    if (!existing) return this.claim(id, shard); // released (its effect failed) in between: try again
    if (existing.state === 'running' && existing.leaseUntil <= new Date(now).toISOString()) {
      try {
        // The claim's process died (or stalled past its lease): take it over.
        return { claimed: await this.documents.replace(fresh, existing._etag, shard) };
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        return { existing: (await this.documents.read(activityRecordSchema, id, shard)) ?? existing };
      }
    }
    return { existing };
  }

  private async runClaimed<T>(claim: Stored<ActivityRecord>, run: () => Promise<T>): Promise<T> {
    let outcome: T;
    try {
      outcome = await run();
    } catch (error) {
      await this.documents.delete(claim.id, claim.shard, claim._etag).catch(() => undefined);
      throw error;
    }
    const { _etag, ...record } = claim;
    const done: ActivityRecord = {
      ...record,
      state: 'done',
      outcome: outcome === undefined ? null : outcome,
      finishedAt: new Date(this.options.now()).toISOString(),
    };
    for (let attempt = 1; attempt <= 3; attempt++) {
      try {
        await this.documents.replace(done, _etag, claim.shard);
        break;
      } catch (error) {
        // The effect happened; only its record is missing. A redelivery after the lease would repeat it.
        if (error instanceof WriteConflict || attempt === 3) {
          this.logger.warn({ err: error, record: claim.id }, 'could not record the outcome of an activity');
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
    return outcome;
  }
}
