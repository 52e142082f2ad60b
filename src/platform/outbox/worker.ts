import type { Activity } from 'botbuilder';
import { outsideStoreDeadline } from '../cosmos/deadline.js';
import { WriteConflict, type Stored } from '../cosmos/documents.js';
import type { Logger } from '../logger.js';
import { telemetry } from '../telemetry/telemetry.js';
import type { AfterDelivery } from './after-delivery.js';
import type { SendPacer } from './pacing.js';
import { isRetryable, retryDelayMs, type FailedSend, type RetryPolicy } from './retry.js';
import type { ConversationAddress, OutboxMessage } from './schema.js';
import { expiry, OUTBOX_SHARDS, type OutboxStore } from './store.js';
import type { Failed, Opened, Sent, Transport } from './transport.js';

export type WorkerOptions = {
  retry: RetryPolicy;
  /** How long a claim holds a message; another instance takes it over after that. Well above a send's timeout. */
  leaseMs: number;
  /** How often an idle worker asks the store for due messages (it is woken at once by a local enqueue). */
  pollMs: number;
  /** Requests in flight at most: a hanging connector must not pile up unbounded work. */
  maxInFlight: number;
  /** How far ahead a send slot is given, to claim the message before it (see dispatchReady). */
  lookaheadMs: number;
};

/** A message on its way: as found (its ETag guards the claim), then as claimed. */
type Item = {
  found: Stored<OutboxMessage>;
  claimed?: Stored<OutboxMessage>;
  /** A person's 1:1 chat, once opened: the next request posts into it. */
  chat?: string;
  /** Which conversation's limits the next request counts against. */
  lane: string;
  /** A retry kept here: not to be sent before this moment. */
  notBefore?: number;
  /** Its request has left: from here on only recording the outcome remains. */
  sending?: boolean;
};

/** Thrown at the door once the instance gave its claims back (see abandon): the request must not leave. */
class GivenBack extends Error {}

type Outcome = Sent | Failed | { ok: 'wait' };

/** How long an update waits before looking again at the post it updates, when that post is not delivered yet. */
const TARGET_WAIT_MS = 1_000;
/** How often hooks left pending and batches left open by a dead instance are looked for. */
const SWEEP_MS = 30_000;
/** Fetch more when fewer than this many messages are queued, but not more often than every FETCH_GAP_MS. */
const REFILL_BELOW = 60;
const FETCH_GAP_MS = 250;
const FETCH_LIMIT = 100;

/**
 * Delivers outbox messages: finds due ones in every shard, paces requests under Teams' limits, claims each message
 * with a lease under its ETag just before sending (so across instances only one sends it), sends it with one HTTP
 * request, and records the outcome: delivered, pending again after a jittered backoff, or failed for good.
 */
export class DeliveryWorker {
  private readonly queue: Item[] = [];
  /** Messages queued or in flight here, by id, so a refill does not queue them twice. */
  private readonly active = new Map<string, Item>();
  private readonly inFlight = new Set<Promise<void>>();
  /** One request at a time per conversation, so that what is sent to it arrives in the order it was enqueued. */
  private readonly busyLanes = new Set<string>();
  /** 1:1 chats opened by this instance, so a person's next message needs one request, not two. */
  private readonly personalChats = new Map<string, string>();
  private running = false;
  private givenBack = false;
  private loop?: Promise<void>;
  private wakeUp?: () => void;
  private lastSweep = -Infinity;
  private lastFetch = -Infinity;
  private lastPoll = -Infinity;
  /** A look at the store runs beside the dispatching, never in its way. */
  private fetching?: Promise<void>;
  /** Shards that may have due messages this instance has not seen yet. */
  private readonly dirty = new Set<string>();
  private storeTrouble = false;
  readonly stats = { delivered: 0, retried: 0, failed: 0, takenOver: 0, lostClaims: 0 };

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: Transport,
    private readonly after: AfterDelivery,
    private readonly pacer: SendPacer,
    private readonly options: WorkerOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    // The loop runs for the life of the process: it must not inherit the budget of whatever turn started it.
    this.loop = outsideStoreDeadline(() => this.run());
  }

  /** Stops taking new work and waits for the requests in flight (each bounded by the send timeout). */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
    await this.fetching;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * When stopping ran out of time: the messages this instance claimed but whose request has not left yet go back to
   * pending at once (not after their lease), so another instance sends them now. Requests already on their way are
   * left to their lease: their outcome is unknown.
   */
  async abandon(): Promise<void> {
    this.givenBack = true;
    const unsent = [...this.active.values()].filter((item) => item.claimed && !item.sending);
    await Promise.all(
      unsent.map(async ({ claimed }) => {
        const { _etag, ...message } = claimed!;
        const back = { ...message, state: 'pending' as const, dueAt: new Date().toISOString() };
        await this.store.replaceMessage({ ...back, attempts: Math.max(0, message.attempts - 1) }, _etag).catch(() => {
          // changed meanwhile, or the store is away: the lease ends it in a minute anyway
        });
      }),
    );
  }

  /** Something was enqueued here, in this shard: look soon rather than at the next poll. */
  wake(shard: string): void {
    this.dirty.add(shard);
    this.wakeUp?.();
  }

  /** True while this instance holds other messages of the batch: the last of them to finish settles it. */
  holds(origin: string, batch: string, except?: string): boolean {
    for (const [id, { found }] of this.active) {
      if (id !== except && found.origin === origin && found.batch === batch) return true;
    }
    return false;
  }

  get busyCount(): number {
    return this.active.size;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const now = Date.now();
      // Shards to look at: every one at each poll (other instances enqueue, and leave retries when they stop);
      // the shard of a local enqueue at once (wake); a shard that gave a full page, again.
      if (now - this.lastPoll >= this.options.pollMs) {
        this.lastPoll = now;
        for (const shard of OUTBOX_SHARDS) this.dirty.add(shard);
      }
      const sweepDue = now - this.lastSweep >= SWEEP_MS;
      const refillDue = this.dirty.size > 0 && this.queue.length < REFILL_BELOW && now - this.lastFetch >= FETCH_GAP_MS;
      if (!this.fetching && (sweepDue || refillDue)) {
        this.lastFetch = now;
        if (sweepDue) this.lastSweep = now;
        const shards = refillDue ? [...this.dirty] : [];
        for (const shard of shards) this.dirty.delete(shard);
        this.fetching = this.look(new Date(now), shards, sweepDue).finally(() => {
          this.fetching = undefined;
          this.wakeUp?.();
        });
      }
      const waitMs = this.dispatchReady();
      const idleMs = Math.min(
        this.queue.length > 0 ? FETCH_GAP_MS : Infinity,
        this.lastPoll + this.options.pollMs - now,
        this.dirty.size > 0 ? this.lastFetch + FETCH_GAP_MS - now : Infinity,
      );
      if (this.running) await this.sleep(Math.max(1, Math.min(waitMs, idleMs)));
    }
  }

  private async look(now: Date, shards: string[], sweep: boolean): Promise<void> {
    try {
      if (sweep) await this.sweep();
      await this.refill(now, shards);
      this.storeTrouble = false;
    } catch (error) {
      // The store is away: keep delivering what is queued, and look again at the next poll.
      for (const shard of shards) this.dirty.add(shard);
      if (!this.storeTrouble) this.logger.warn({ err: error }, 'outbox: could not read due messages');
      this.storeTrouble = true;
    }
  }

  private async refill(now: Date, shards: string[]): Promise<void> {
    let added = false;
    for (const shard of shards) {
      // Messages queued here are still pending in the store: skip them, or every look would find only those.
      const skip = [...this.active.values()].filter(({ found }) => found.shard === shard).map(({ found }) => found.id);
      const found = await this.store.due(shard, now, FETCH_LIMIT, skip);
      if (found.length >= FETCH_LIMIT) this.dirty.add(shard); // there is more
      for (const message of found) {
        if (this.active.has(message.id)) continue;
        const item = { found: message, lane: laneOf(message) };
        this.active.set(message.id, item);
        this.queue.push(item);
        added = true;
      }
    }
    if (added) this.queue.sort(byPriority);
  }

  private enqueueLocally(item: Item): void {
    this.queue.push(item);
    this.queue.sort(byPriority);
    this.wakeUp?.();
  }

  /**
   * Gives the next send slots to queued messages: a slot is reserved up to `lookaheadMs` ahead, so that the claim
   * (a store write, whose time varies) happens before the slot and the request itself leaves on time. Requests
   * that left late by a store call's jitter would bunch up at Teams and be refused. Returns how long until the next
   * slot could be given.
   */
  private dispatchReady(): number {
    while (this.queue.length > 0 && this.inFlight.size < this.options.maxInFlight) {
      const now = Date.now();
      const slot = this.pacer.tenantReadyAt(now);
      if (slot > now + this.options.lookaheadMs) return slot - now - this.options.lookaheadMs;
      let soonest = Infinity;
      const index = this.queue.findIndex((item) => {
        if (this.busyLanes.has(item.lane)) return false; // its turn comes when the one in flight is done
        const at = Math.max(this.pacer.conversationReadyAt(item.lane, slot), item.notBefore ?? 0);
        soonest = Math.min(soonest, at);
        return at <= slot;
      });
      if (index < 0) return Math.min(this.options.pollMs, Math.max(1, soonest - now - this.options.lookaheadMs));
      const [item] = this.queue.splice(index, 1);
      this.pacer.take(item!.lane, slot);
      this.busyLanes.add(item!.lane);
      this.track(this.deliver(item!, slot).finally(() => this.busyLanes.delete(item!.lane)));
    }
    return this.options.pollMs;
  }

  private track(delivery: Promise<void>): void {
    const tracked = delivery.finally(() => {
      this.inFlight.delete(tracked);
      this.wakeUp?.();
    });
    this.inFlight.add(tracked);
  }

  /** One delivery attempt, in a span of its own (a trace per message sent, with its claim, request and record). */
  private deliver(item: Item, slot: number): Promise<void> {
    return telemetry.span('outbox deliver', { 'bot.message.kind': kindOf(item.found) }, () =>
      this.attemptOnce(item, slot),
    );
  }

  private async attemptOnce(item: Item, slot: number): Promise<void> {
    let keep = false;
    try {
      const message = item.claimed ?? (await this.claim(item.found));
      if (message) item.claimed = message;
      if (!message) {
        this.pacer.giveBack(item.lane, slot); // someone else had it: no request was made
        // If that was the last of its batch here, the other instance may have finished the rest already.
        const { id, origin, batch } = item.found;
        if (batch && !this.holds(origin, batch, id)) await this.after.settle(origin, batch);
        return;
      }
      const early = slot - Date.now();
      if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
      const outcome = await this.attempt(message, item, async () => {
        await this.pacer.atTheDoor();
        if (this.givenBack) throw new GivenBack();
        item.sending = true;
      });
      if (outcome === 'requeued') {
        keep = true;
        return;
      }
      if (outcome.ok === 'wait') this.pacer.giveBack(item.lane, slot);
      const saved = await this.record(message, outcome, item.chat);
      if (saved?.state === 'pending' && this.running) {
        // Tried again from here when due, between the messages still waiting: a retry left to the end of a long
        // run would stretch it. The store has it too, for any instance, should this one stop.
        Object.assign(item, {
          found: saved,
          claimed: undefined,
          sending: false,
          notBefore: Date.parse(saved.dueAt),
          lane: laneOf(saved),
        });
        this.enqueueLocally(item);
        keep = true;
      }
    } catch (error) {
      if (error instanceof GivenBack) return;
      // Claiming or recording failed (the store is away): the lease runs out and the message is tried again.
      this.logger.warn({ err: error, message: item.found.id }, 'outbox: a delivery could not be recorded');
    } finally {
      if (!keep) this.active.delete(item.found.id);
    }
  }

  /** One request for the message; a person's chat that had to be opened first puts the message back in line. */
  private async attempt(
    message: Stored<OutboxMessage>,
    item: Item,
    door: () => Promise<void>,
  ): Promise<Outcome | 'requeued'> {
    const activity = message.activity as Partial<Activity>;
    if (message.mode === 'update') {
      const target = await this.resolveTarget(message);
      if ('ok' in target) return target;
      await door();
      return this.transport.update(target.address, target.activityId, activity);
    }
    if (message.to.kind === 'conversation') {
      await door();
      return this.transport.post(message.to.address, activity);
    }

    const contact = message.to.contact;
    const chatKey = `${contact.serviceUrl}\n${contact.botId}\n${contact.teamsUserId}`;
    const chat = item.chat ?? contact.conversationId ?? this.personalChats.get(chatKey);
    if (!chat) {
      await door();
      const opened: Opened | Failed = await this.transport.openPersonal(contact);
      if (!opened.ok) return opened;
      this.remember(chatKey, opened.conversationId);
      Object.assign(item, { claimed: message, chat: opened.conversationId });
      this.enqueueLocally(item);
      return 'requeued';
    }
    item.chat = chat;
    const address: ConversationAddress = {
      serviceUrl: contact.serviceUrl,
      channelId: 'msteams',
      conversation: { id: chat },
      bot: { id: contact.botId },
    };
    await door();
    return this.transport.post(address, activity);
  }

  /** The Teams id an update replaces: given, or that of a post in this outbox once it is delivered. */
  private async resolveTarget(
    message: OutboxMessage,
  ): Promise<{ address: ConversationAddress; activityId: string } | { ok: 'wait' } | Failed> {
    const address = (conversationId?: string): ConversationAddress | undefined => {
      if (message.to.kind === 'conversation') return message.to.address;
      const chat = conversationId ?? message.to.contact.conversationId;
      return chat
        ? {
            serviceUrl: message.to.contact.serviceUrl,
            conversation: { id: chat },
            bot: { id: message.to.contact.botId },
          }
        : undefined;
    };
    if (message.target?.activityId) {
      const known = address();
      if (known) return { address: known, activityId: message.target.activityId };
    }
    const post = message.target?.postKey
      ? await this.store.readMessage(message.origin, message.target.postKey)
      : undefined;
    if (!post || post.state === 'failed') return { ok: false, failure: { reason: 'targetFailed' } };
    if (post.state !== 'delivered' || !post.activityId) return { ok: 'wait' };
    const known = address(post.conversationId);
    return known ? { address: known, activityId: post.activityId } : { ok: false, failure: { reason: 'targetFailed' } };
  }

  private async claim(found: Stored<OutboxMessage>): Promise<Stored<OutboxMessage> | undefined> {
    const { _etag, ...message } = found;
    const takenOver = message.state === 'sending'; // its instance died, or stalled past the lease, mid-send
    try {
      const claimed = await this.store.replaceMessage(
        {
          ...message,
          state: 'sending',
          dueAt: new Date(Date.now() + this.options.leaseMs).toISOString(),
          attempts: message.attempts + 1,
          takenOver: message.takenOver + (takenOver ? 1 : 0),
        },
        _etag,
      );
      if (takenOver) this.stats.takenOver += 1;
      return claimed;
    } catch (error) {
      if (error instanceof WriteConflict) return undefined;
      throw error;
    }
  }

  private async record(
    message: Stored<OutboxMessage>,
    outcome: Outcome,
    chat: string | undefined,
  ): Promise<Stored<OutboxMessage> | undefined> {
    const { _etag, ...claimed } = message;
    const now = new Date();
    let next: OutboxMessage;
    if (outcome.ok === 'wait') {
      // Not an attempt: the post it updates is still on its way.
      next = {
        ...claimed,
        state: 'pending',
        attempts: claimed.attempts - 1,
        dueAt: new Date(now.getTime() + TARGET_WAIT_MS).toISOString(),
      };
    } else if (outcome.ok) {
      next = {
        ...claimed,
        state: 'delivered',
        activityId: outcome.activityId,
        ...(chat ? { conversationId: chat } : {}),
        ...(claimed.to.kind === 'conversation' ? { conversationId: claimed.to.address.conversation.id } : {}),
        hookPending: claimed.onDelivered !== undefined,
        finishedAt: now.toISOString(),
        dueAt: now.toISOString(),
        ...expiry(now),
      };
    } else {
      next = this.afterFailure(claimed, outcome.failure, now);
    }
    let saved: Stored<OutboxMessage>;
    try {
      saved = await this.store.replaceMessage(next, _etag);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      // Newer content for an update arrived while this one was sent (it will be sent too), or, rarely, this
      // instance stalled past its lease and another took the message over.
      this.stats.lostClaims += 1;
      return undefined;
    }
    if (saved.state === 'delivered') {
      this.stats.delivered += 1;
      telemetry.count('sends', { kind: kindOf(saved) });
    }
    if (saved.state === 'failed') {
      this.stats.failed += 1;
      telemetry.count('deliveries.failed', { kind: kindOf(saved), status: saved.lastError?.status ?? 0 });
      this.logger.warn(
        { message: saved.id, origin: saved.origin, attempts: saved.attempts, ...saved.lastError },
        'outbox: a message failed for good',
      );
    }
    if (saved.state === 'delivered' || saved.state === 'failed') await this.finished(saved);
    return saved;
  }

  private afterFailure(claimed: OutboxMessage, failure: FailedSend, now: Date): OutboxMessage {
    const { retryAfterMs, ...lastError } = failure;
    if (failure.status === 429) {
      telemetry.count('throttled', { kind: kindOf(claimed) });
      this.pacer.throttled(laneOf(claimed), now.getTime() + (retryAfterMs ?? this.options.retry.baseDelayMs));
    }
    if (isRetryable(failure) && claimed.attempts < this.options.retry.maxAttempts) {
      this.stats.retried += 1;
      const delay = retryDelayMs(claimed.attempts, failure, this.options.retry);
      return { ...claimed, state: 'pending', lastError, dueAt: new Date(now.getTime() + delay).toISOString() };
    }
    return {
      ...claimed,
      state: 'failed',
      lastError,
      finishedAt: now.toISOString(),
      dueAt: now.toISOString(),
      ...expiry(now),
    };
  }

  /** A finished message: its hook, then its batch if this was the last one this instance held. */
  private async finished(message: Stored<OutboxMessage>): Promise<void> {
    try {
      if (message.hookPending) await this.after.runDeliveredHook(message);
      if (message.batch && !this.holds(message.origin, message.batch, message.id)) {
        await this.after.settle(message.origin, message.batch);
      }
    } catch (error) {
      this.logger.error({ err: error, message: message.id }, 'outbox: a hook failed; the sweep runs it again');
    }
  }

  /** Hooks left pending and batches left open by an instance that died, or whose hook failed. */
  private async sweep(): Promise<void> {
    for (const shard of OUTBOX_SHARDS) {
      for (const message of await this.store.messagesWithPendingHooks(shard)) {
        await this.after.runDeliveredHook(message).catch((error: unknown) => {
          this.logger.error({ err: error, message: message.id }, 'outbox: a delivered hook failed');
        });
      }
      for (const batch of await this.store.batchesToFollow(shard)) {
        if (this.holds(batch.origin, batch.batch)) continue;
        await this.after.settle(batch.origin, batch.batch).catch((error: unknown) => {
          this.logger.error({ err: error, batch: batch.id }, 'outbox: a settled hook failed');
        });
      }
    }
  }

  private remember(chatKey: string, conversationId: string): void {
    if (this.personalChats.size >= 10_000) this.personalChats.delete(this.personalChats.keys().next().value!);
    this.personalChats.set(chatKey, conversationId);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/**
 * The conversation a message goes to, for pacing and ordering: a channel or chat by its id, a person by their id
 * (their 1:1 chat is one conversation, known or not yet).
 */
function laneOf(message: OutboxMessage): string {
  return message.to.kind === 'conversation'
    ? `chat:${message.to.address.conversation.id}`
    : `person:${message.to.contact.teamsUserId}`;
}

/** The kind of message, for telemetry (`sends`, `deliveries.failed`, `throttled`: the alert counts the second). */
function kindOf(message: OutboxMessage): 'post' | 'personal' | 'update' {
  return message.mode === 'update' ? 'update' : message.to.kind === 'person' ? 'personal' : 'post';
}

/** Claimed ones first (a person's chat just opened), then retries kept here, then the rest oldest first. */
function byPriority(a: Item, b: Item): number {
  const rank = (item: Item) => (item.claimed ? 0 : item.notBefore !== undefined ? 1 : 2);
  return rank(a) - rank(b) || compare(a.found.dueAt, b.found.dueAt);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
