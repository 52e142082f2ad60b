import type { Activity } from 'botbuilder';
import { WriteConflict, type Documents } from '../cosmos/documents.js';
import type { Logger } from '../logger.js';
import type { PersonalDataSource } from '../personal-data.js';
import type { Stoppable } from '../shutdown.js';
import { outboxPersonalData } from './personal-data.js';
import { telemetry } from '../telemetry/telemetry.js';
import type { TeamsContact } from '../teams/turn.js';
import { AfterDelivery, type DeliveredHook, type SettledHook } from './after-delivery.js';
import { SendPacer } from './pacing.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import {
  contactSchema,
  conversationSchema,
  type ConversationAddress,
  type HookRef,
  type MessageState,
  type OutboxMessage,
  type Recipient,
} from './schema.js';
import { batchIdFor, messageIdFor, OUTBOX_SHARDS, OutboxStore, shardFor } from './store.js';
import type { Transport } from './transport.js';
import { DeliveryWorker } from './worker.js';

/** A message the bot sends on its own, into a conversation (a channel, a group chat) or 1:1 to a person. */
export type OutgoingMessage = {
  /** Unique within the origin: enqueuing the same key again (a redelivered activity, a re-run job) sends nothing more. */
  key: string;
  to: { conversation: ConversationAddress } | { person: TeamsContact };
  activity: Partial<Activity>;
  /** Who it is for, so a report can name who was not reached. */
  recipient?: Recipient;
  /** Run once it is delivered, e.g. to remember a posted card's Teams id (see AfterDelivery). */
  onDelivered?: HookRef;
};

/**
 * A new version of a message already posted (a card frozen at a poll's close, an agenda edited). Use one key per
 * posted message: newer content under the same key replaces older content not yet sent, so the last edit wins.
 */
export type CardUpdate = {
  key: string;
  /** The message to replace: by its Teams id, or by the key of a post in this outbox (same origin), whose id the
   * update waits for if the post is still on its way. */
  of: { activityId: string; conversation: ConversationAddress } | { post: string };
  activity: Partial<Activity>;
  /** Whose view it changes, for reports; an update of a post in this outbox is for the post's recipient. */
  recipient?: Recipient;
};

export type Enqueued = { key: string; state: MessageState; created: boolean };

/** What features send through: bound to an origin, and to a batch when the sends belong together. */
export interface Sender {
  readonly origin: string;
  send(message: OutgoingMessage): Promise<Enqueued>;
  sendAll(messages: OutgoingMessage[]): Promise<Enqueued[]>;
  update(update: CardUpdate): Promise<Enqueued>;
}

/** What was sent for an origin, for a coordinator: how many arrived, and who was not reached. */
export type OriginReport = {
  total: number;
  delivered: number;
  pending: number;
  failed: { key: string; recipient?: Recipient; status?: number }[];
  /** Delivered after an instance died mid-send: Teams may show these twice (see README). */
  possiblyDoubled: number;
};

/** How a batch went, once settled: how many of its messages arrived, and who was not reached. */
export type BatchOutcome = {
  total: number;
  delivered: number;
  failed: { key: string; recipient?: Recipient }[];
};

/**
 * How long another instance's clock may run apart from this one's: an answer waits this much longer than its
 * deadline before reading a batch settled elsewhere, so that the answer and the follow-up agree (see outcomeBy).
 */
const CLOCK_MARGIN_MS = 200;

export type OutboxOptions = {
  /** Requests a second this instance sends to Teams, all conversations together (Teams allows about 30-50). */
  tenantRatePerSecond: number;
  retry: RetryPolicy;
  leaseMs: number;
  pollMs: number;
  maxInFlight: number;
  /** How long before its send slot a message is claimed: a claim's store write then never makes a request late. */
  lookaheadMs: number;
};

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = {
  tenantRatePerSecond: 30,
  retry: DEFAULT_RETRY_POLICY,
  leaseMs: 60_000,
  pollMs: 3_000,
  maxInFlight: 64,
  lookaheadMs: 250,
};

/**
 * The durable outbox: everything the bot sends on its own is first a document in the `outbox` container, then
 * delivered by the worker (on whichever instance claims it), retried until it arrives or fails for good, and
 * reported by origin. See README.md beside this file for the states and guarantees.
 */
export class Outbox implements Stoppable {
  readonly name = 'outbox';
  private readonly store: OutboxStore;
  private readonly after: AfterDelivery;
  /** Where it keeps personal data, for "my data", erasure and retention (see personal-data.ts). */
  readonly personalData: PersonalDataSource;
  private readonly worker: DeliveryWorker;
  private readonly tenantRatePerSecond: number;

  constructor(documents: Documents, transport: Transport, logger: Logger, options: Partial<OutboxOptions> = {}) {
    const settings = { ...DEFAULT_OUTBOX_OPTIONS, ...options };
    this.tenantRatePerSecond = settings.tenantRatePerSecond;
    this.store = new OutboxStore(documents);
    this.personalData = outboxPersonalData(documents);
    this.after = new AfterDelivery(this.store, logger);
    this.worker = new DeliveryWorker(
      this.store,
      transport,
      this.after,
      new SendPacer(settings.tenantRatePerSecond),
      settings,
      logger,
    );
  }

  /** Sends for an origin such as `poll:<id>`: everything sent for it can be reported together. */
  to(origin: string): Sender {
    return this.sender(origin);
  }

  /**
   * A batch of messages sent for one reason; `seal` it once all are enqueued. When every message in it is delivered
   * or failed for good, `onSettled` runs once (e.g. tell the coordinator who was not reached).
   */
  batch(origin: string, name: string, onSettled?: HookRef): SealableSender {
    let total = 0;
    const sender = this.sender(origin, name, () => (total += 1));
    return Object.assign(sender, {
      seal: async (): Promise<boolean> => {
        const now = new Date().toISOString();
        await this.store.createBatchIfAbsent({
          id: batchIdFor(origin, name),
          type: 'batch',
          shard: shardFor(origin),
          origin,
          batch: name,
          state: 'open',
          ...(onSettled ? { onSettled } : {}),
          total,
          delivered: 0,
          failed: [],
          sealedAt: now,
        });
        return this.after.settle(origin, name);
      },
    });
  }

  onDelivered(kind: string, hook: DeliveredHook): void {
    this.after.onDelivered(kind, hook);
  }

  onSettled(kind: string, hook: SettledHook): void {
    this.after.onSettled(kind, hook);
  }

  /**
   * For an answer that may tell how a batch went if it goes quickly: waits until the batch settles or `answerBy`
   * passes, then returns its outcome if it settled by `answerBy`, else undefined (still under way). Whether it did
   * is decided by the batch's recorded `settledAt`, which a settled hook also sees: give it `answerBy` in its data,
   * and it tells only what the answer could not (see follow-up.ts).
   */
  async outcomeBy(origin: string, batch: string, answerBy: Date): Promise<BatchOutcome | undefined> {
    const waitMs = answerBy.getTime() - Date.now();
    // Listening first, then looking: a batch settled in between is not missed. Settled here, the wait ends at once;
    // settled on another instance, it ends a margin after the deadline.
    const settledHere = waitMs > 0 ? this.after.settledHere(origin, batch, waitMs + CLOCK_MARGIN_MS) : undefined;
    let settled = await this.store.readBatch(origin, batch);
    if (settled?.state !== 'settled' && settledHere) {
      await settledHere;
      settled = await this.store.readBatch(origin, batch);
    }
    if (settled?.state !== 'settled' || !settled.settledAt || settled.settledAt > answerBy.toISOString()) return;
    return { total: settled.total, delivered: settled.delivered, failed: settled.failed };
  }

  /** Whether `count` messages could be sent within `ms` at this instance's pace at best (for answers that wait). */
  couldSend(count: number, ms: number): boolean {
    return count <= (this.tenantRatePerSecond * ms) / 1000;
  }

  async report(origin: string): Promise<OriginReport> {
    const messages = await this.store.progress(origin);
    const failed = messages.filter((message) => message.state === 'failed');
    return {
      total: messages.length,
      delivered: messages.filter((message) => message.state === 'delivered').length,
      pending: messages.filter((message) => message.state === 'pending' || message.state === 'sending').length,
      failed: failed.map(({ key, recipient, lastError }) => ({
        key,
        ...(recipient ? { recipient } : {}),
        ...(lastError?.status ? { status: lastError.status } : {}),
      })),
      possiblyDoubled: messages.filter((message) => message.state === 'delivered' && message.takenOver > 0).length,
    };
  }

  start(): void {
    this.worker.start();
  }

  stop(): Promise<void> {
    return this.worker.stop();
  }

  /** Shutdown: stops taking messages and finishes the requests in flight; what is left waits in the store. */
  drain(): Promise<void> {
    return this.worker.stop();
  }

  /** Shutdown out of time: claimed messages whose request has not left go back at once (see the worker). */
  abandon(): Promise<void> {
    return this.worker.abandon();
  }

  get stats(): DeliveryWorker['stats'] {
    return this.worker.stats;
  }

  /**
   * Resolves once no message in the store is pending or sending and this instance holds none (tests, benchmarks,
   * a graceful shutdown that wants to finish first). Rejects after `timeoutMs`.
   */
  async drained(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      let unfinished = this.worker.busyCount;
      // The store is asked only once this instance holds nothing: asking it costs what the worker needs.
      if (unfinished === 0) for (const shard of OUTBOX_SHARDS) unfinished += await this.store.unfinished(shard);
      if (unfinished === 0) return;
      if (Date.now() > until) throw new Error(`the outbox still has ${unfinished} unfinished messages`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * For the scheduler (a JobSource, written out here because the scheduler depends on the outbox): deletes what has
   * expired, once an hour (the embedded server ignores Cosmos TTL).
   */
  cleanupJobs(): (now: Date) => Promise<{ key: string; run: () => Promise<void> }[]> {
    return async (now) => [
      {
        key: `outbox-cleanup:${now.toISOString().slice(0, 13)}`,
        run: async () => {
          await this.store.deleteExpired(new Date());
        },
      },
    ];
  }

  private sender(origin: string, batch?: string, counted: () => void = () => undefined): Sender {
    // Enqueuing is traced (the delivery has a trace of its own, made by whichever instance sends).
    const traced = <T>(count: number, work: () => Promise<T>) =>
      telemetry.span('outbox enqueue', { 'bot.message.count': count }, work);
    return {
      origin,
      send: (message) =>
        traced(1, async () => {
          counted();
          const { stored, created } = await this.store.createIfAbsent(this.post(origin, message, batch));
          this.worker.wake(shardFor(origin));
          return { key: message.key, state: stored.state, created };
        }),
      sendAll: (messages) =>
        traced(messages.length, async () => {
          messages.forEach(() => counted());
          const posts = messages.map((message) => this.post(origin, message, batch));
          const results = await this.store.createAllIfAbsent(posts);
          this.worker.wake(shardFor(origin));
          // One already there keeps its state; "pending" is a fair answer for one just enqueued again.
          return results.map(({ message, created }) => ({ key: message.key, state: 'pending' as const, created }));
        }),
      update: (update) =>
        traced(1, async () => {
          counted();
          const result = await this.enqueueUpdate(origin, update, batch);
          this.worker.wake(shardFor(origin));
          return result;
        }),
    };
  }

  private post(origin: string, message: OutgoingMessage, batch?: string): OutboxMessage {
    return {
      ...this.base(origin, message.key, batch),
      mode: 'post',
      to:
        'conversation' in message.to
          ? { kind: 'conversation', address: conversationSchema.parse(message.to.conversation) }
          : { kind: 'person', contact: contactSchema.parse(message.to.person) },
      activity: message.activity,
      ...(message.recipient ? { recipient: message.recipient } : {}),
      ...(message.onDelivered ? { onDelivered: message.onDelivered } : {}),
    };
  }

  private async enqueueUpdate(origin: string, update: CardUpdate, batch?: string): Promise<Enqueued> {
    let to: OutboxMessage['to'];
    let target: OutboxMessage['target'];
    let recipient = update.recipient;
    if ('post' in update.of) {
      const post = await this.store.readMessage(origin, update.of.post);
      if (!post) throw new Error('an update must name a post enqueued earlier in the same origin');
      to = post.to;
      target = { postKey: update.of.post };
      recipient ??= post.recipient;
    } else {
      to = { kind: 'conversation', address: conversationSchema.parse(update.of.conversation) };
      target = { activityId: update.of.activityId };
    }
    const fresh: OutboxMessage = {
      ...this.base(origin, update.key, batch),
      mode: 'update',
      to,
      target,
      activity: update.activity,
      ...(recipient ? { recipient } : {}),
    };
    for (;;) {
      const { stored, created } = await this.store.createIfAbsent(fresh);
      if (created || sameJson(stored.activity, fresh.activity))
        return { key: update.key, state: stored.state, created };
      // Newer content for the same message: it replaces what is stored, whether that was sent already or not.
      const { _etag, ...current } = stored;
      try {
        const replaced = await this.store.replaceMessage(
          { ...fresh, revision: current.revision + 1, enqueuedAt: current.enqueuedAt },
          _etag,
        );
        return { key: update.key, state: replaced.state, created: false };
      } catch (error) {
        // Changed meanwhile (a worker recorded a send, or another edit): look again.
        if (!(error instanceof WriteConflict)) throw error;
      }
    }
  }

  private base(origin: string, key: string, batch?: string) {
    const now = new Date().toISOString();
    return {
      id: messageIdFor(origin, key),
      type: 'message' as const,
      shard: shardFor(origin),
      origin,
      key,
      ...(batch ? { batch } : {}),
      state: 'pending' as const,
      dueAt: now,
      attempts: 0,
      revision: 0,
      takenOver: 0,
      enqueuedAt: now,
    };
  }
}

/** A stored ConversationReference (e.g. a linked group's) as an outbox address; undefined when it lacks one. */
export function conversationAddress(reference: unknown): ConversationAddress | undefined {
  const parsed = conversationSchema.safeParse(reference);
  return parsed.success ? parsed.data : undefined;
}

export type SealableSender = Sender & {
  /** All messages are enqueued: the batch settles once they are finished. True when it settled already. */
  seal(): Promise<boolean>;
};

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
