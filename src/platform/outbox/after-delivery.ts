import { WriteConflict, type Stored } from '../cosmos/documents.js';
import type { Logger } from '../logger.js';
import { FINAL_STATES, type OutboxMessage, type Recipient } from './schema.js';
import { expiry, shardFor, type OutboxStore } from './store.js';

/** A post was delivered: e.g. remember its Teams id on the poll, so the card can be frozen at the close. */
export type DeliveredEvent = {
  origin: string;
  key: string;
  activityId: string;
  conversationId?: string;
  data: Record<string, unknown>;
};

/** Every message of a batch is delivered or failed for good: e.g. tell the coordinator who was not reached. */
export type SettledEvent = {
  origin: string;
  batch: string;
  total: number;
  delivered: number;
  failed: { key: string; recipient?: Recipient }[];
  /** When the outcome was recorded (see `Outbox.outcomeBy`: an answer given by then already told it). */
  settledAt: string;
  data: Record<string, unknown>;
};

export type DeliveredHook = (event: DeliveredEvent) => Promise<void>;
export type SettledHook = (event: SettledEvent) => Promise<void>;

/**
 * What happens after delivery, by name: a message or batch stores a hook's name and data (it may run on another
 * instance, after a restart), and the code registers the function under that name at start. Hooks run at least
 * once: after the state is recorded, again by the sweep if the instance died before marking them done, so they
 * must be idempotent (store an id, post a message with a fixed outbox key).
 */
export class AfterDelivery {
  private readonly delivered = new Map<string, DeliveredHook>();
  private readonly settled = new Map<string, SettledHook>();
  /** Turns on this instance waiting for a batch to settle (see Outbox.outcomeBy), by origin and batch. */
  private readonly waiting = new Map<string, Set<() => void>>();

  constructor(
    private readonly store: OutboxStore,
    private readonly logger: Logger,
  ) {}

  onDelivered(kind: string, hook: DeliveredHook): void {
    this.delivered.set(kind, hook);
  }

  onSettled(kind: string, hook: SettledHook): void {
    this.settled.set(kind, hook);
  }

  /**
   * Resolves when this instance records the batch settled, or after `ms`, whichever comes first. Another instance
   * may settle it unseen: the caller reads the batch afterwards either way.
   */
  settledHere(origin: string, batch: string, ms: number): Promise<void> {
    const key = `${origin}\n${batch}`;
    return new Promise((resolve) => {
      const waiters = this.waiting.get(key) ?? new Set<() => void>();
      this.waiting.set(key, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref(); // a waiter nobody awaits any more (the batch was found settled) keeps nothing alive
      waiters.add(done);
    });
  }

  /** Runs a delivered message's hook, then marks it run. */
  async runDeliveredHook(message: Stored<OutboxMessage>): Promise<void> {
    if (!message.hookPending || !message.onDelivered || !message.activityId) return;
    const hook = this.delivered.get(message.onDelivered.kind);
    if (hook) {
      await hook({
        origin: message.origin,
        key: message.key,
        activityId: message.activityId,
        ...(message.conversationId ? { conversationId: message.conversationId } : {}),
        data: message.onDelivered.data,
      });
    } else {
      this.logger.error({ hook: message.onDelivered.kind }, 'no outbox hook registered under this name');
    }
    const { _etag, ...done } = message;
    await this.store.replaceMessage({ ...done, hookPending: false }, _etag).catch((error: unknown) => {
      if (!(error instanceof WriteConflict)) throw error; // changed meanwhile: the sweep looks again
    });
  }

  /**
   * Settles a sealed batch whose messages are all finished: records the outcome once (under the ETag, so one
   * instance wins), then runs its hook. Returns true when the batch is settled.
   */
  async settle(origin: string, batchName: string): Promise<boolean> {
    let batch = await this.store.readBatch(origin, batchName);
    if (!batch) return false; // not sealed yet: sealing settles it if everything is done by then
    if (batch.state === 'open') {
      if ((await this.store.unfinished(shardFor(origin), batchName)) > 0) return false;
      const messages = await this.store.progress(origin, batchName);
      if (messages.some((message) => !FINAL_STATES.includes(message.state))) return false;
      const failed = messages
        .filter((message) => message.state === 'failed')
        .map(({ key, recipient }) => ({ key, ...(recipient ? { recipient } : {}) }));
      const now = new Date();
      const { _etag, ...open } = batch;
      try {
        batch = await this.store.replaceBatch(
          {
            ...open,
            state: 'settled',
            hookPending: open.onSettled !== undefined,
            delivered: messages.length - failed.length,
            failed,
            settledAt: now.toISOString(),
            ...expiry(now),
          },
          _etag,
        );
      } catch (error) {
        if (error instanceof WriteConflict) return true; // another instance settled it first
        throw error;
      }
      for (const waiter of [...(this.waiting.get(`${origin}\n${batchName}`) ?? [])]) waiter();
    }
    if (batch.hookPending && batch.onSettled) {
      const hook = this.settled.get(batch.onSettled.kind);
      if (hook) {
        await hook({
          origin,
          batch: batchName,
          total: batch.total,
          delivered: batch.delivered,
          failed: batch.failed,
          settledAt: batch.settledAt ?? '',
          data: batch.onSettled.data,
        });
      } else {
        this.logger.error({ hook: batch.onSettled.kind }, 'no outbox hook registered under this name');
      }
      // The hook's data (e.g. whom to tell, and their Teams address) is not kept once it has run.
      const { _etag, ...settled } = batch;
      const onSettled = { kind: batch.onSettled.kind, data: {} };
      await this.store.replaceBatch({ ...settled, onSettled, hookPending: false }, _etag).catch((error: unknown) => {
        if (!(error instanceof WriteConflict)) throw error;
      });
    }
    return true;
  }
}
