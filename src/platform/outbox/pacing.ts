/**
 * Teams' limits on what a bot may send, kept on this instance: per conversation ("per bot per thread") 7 requests
 * a second, 8 in 2 s, 60 in 30 s and 1,800 an hour, and about 30 (documented: 50) requests a second per app and
 * tenant. Every request counts, including opening a 1:1 chat. Requests are spaced evenly rather than sent in bursts,
 * and a sliding window with a small margin keeps late timers from catching up into a burst. A 429 pauses what it
 * names for as long as its Retry-After asks.
 *
 * Several instances each keep their own count: together they may go over the tenant rate, and Teams' 429s (honoured
 * here) then slow them down. Give each instance a share of the rate (OUTBOX_TENANT_RATE) to avoid even that.
 */
export type RateWindow = { limit: number; windowMs: number };

export const CONVERSATION_LIMITS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** A 429 within this long of another means the tenant is over its rate, not that two requests bunched up. */
const THROTTLE_MEMORY_MS = 10_000;
const LONE_THROTTLE_PAUSE_MS = 250;

/** Leeway for the difference between when we send and when Teams counts the request (event loop, network). */
const MARGIN_MS = 75;

export class SlidingWindows {
  private readonly sent: number[] = [];
  private pausedUntil = 0;
  /** The next slot on an even grid: a request sent late (a busy event loop) lets the next come a little sooner. */
  private nextSlot = 0;
  private slotBeforeLastTake = 0;
  private readonly longestMs: number;
  private readonly mostKept: number;

  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly spacingMs = 0,
  ) {
    this.longestMs = Math.max(...windows.map((window) => window.windowMs));
    this.mostKept = Math.max(...windows.map((window) => window.limit));
  }

  /** The earliest moment (ms) at or after `now` at which one more request keeps every window within its limit. */
  readyAt(now: number): number {
    let at = Math.max(now, this.pausedUntil, this.nextSlot);
    for (const { limit, windowMs } of this.windows) {
      const oldestCounted = this.sent[this.sent.length - limit];
      if (oldestCounted !== undefined) at = Math.max(at, oldestCounted + windowMs + MARGIN_MS);
    }
    return at;
  }

  take(at: number): void {
    this.slotBeforeLastTake = this.nextSlot;
    this.nextSlot = Math.max(this.nextSlot, at - this.spacingMs / 2) + this.spacingMs;
    this.sent.push(at);
    while (this.sent.length > this.mostKept || (this.sent[0] ?? at) < at - this.longestMs - MARGIN_MS) {
      this.sent.shift();
    }
  }

  /** A request that was counted but never sent (another instance had claimed the message) gives its place back. */
  giveBack(at: number): void {
    const index = this.sent.lastIndexOf(at);
    if (index < 0) return;
    if (index === this.sent.length - 1) this.nextSlot = this.slotBeforeLastTake;
    this.sent.splice(index, 1);
  }

  pauseUntil(at: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, at);
  }

  /** Nothing counted any more and no pause pending: the entry can be forgotten. */
  idleSince(now: number): boolean {
    const last = this.sent.at(-1);
    return this.pausedUntil <= now && (last === undefined || last < now - this.longestMs - MARGIN_MS);
  }
}

/**
 * Plans send slots (when to claim and send which message), and holds each request at the door until the tenant's
 * rate allows it by the clock at that moment: a request delayed on its way (a store call, a busy event loop) must
 * not leave together with the next ones and arrive at Teams as a burst.
 */
export class SendPacer {
  private readonly tenant: SlidingWindows;
  private readonly door: SlidingWindows;
  private queue: Promise<void> = Promise.resolve();
  private readonly conversations = new Map<string, SlidingWindows>();
  private recentThrottles: number[] = [];

  constructor(tenantRatePerSecond: number) {
    const windows = [{ limit: tenantRatePerSecond, windowMs: 1_000 }];
    this.tenant = new SlidingWindows(windows, 1_000 / tenantRatePerSecond);
    this.door = new SlidingWindows(windows, 1_000 / tenantRatePerSecond);
  }

  /** Resolves when a request may leave now; requests pass in the order they asked. */
  atTheDoor(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const now = Date.now();
        const at = this.door.readyAt(now);
        if (at <= now) {
          this.door.take(now);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, at - now));
      }
    });
    this.queue = turn;
    return turn;
  }

  /** When the tenant allows the next request at all. */
  tenantReadyAt(now: number): number {
    return this.tenant.readyAt(now);
  }

  /** When a request to this conversation is allowed, the tenant aside. */
  conversationReadyAt(conversation: string, now: number): number {
    return this.conversations.get(conversation)?.readyAt(now) ?? now;
  }

  take(conversation: string, at: number): void {
    this.tenant.take(at);
    this.windowsOf(conversation).take(at);
  }

  giveBack(conversation: string, at: number): void {
    this.tenant.giveBack(at);
    this.conversations.get(conversation)?.giveBack(at);
  }

  /**
   * A 429 does not say which limit was hit. The conversation waits for the Retry-After. The whole tenant waits
   * briefly after a lone 429 (usually requests that bunched up on the way), and for the full Retry-After when 429s
   * come in a row: then the tenant is over its rate, and sending on to other conversations would only collect more.
   */
  throttled(conversation: string, until: number, now = Date.now()): void {
    this.recentThrottles = this.recentThrottles.filter((at) => at > now - THROTTLE_MEMORY_MS);
    this.recentThrottles.push(now);
    const tenantUntil = this.recentThrottles.length > 1 ? until : Math.min(until, now + LONE_THROTTLE_PAUSE_MS);
    this.tenant.pauseUntil(tenantUntil);
    this.door.pauseUntil(tenantUntil);
    this.windowsOf(conversation).pauseUntil(until);
  }

  /** Forgets conversations that have been quiet for longer than the longest window. */
  forgetIdle(now: number): void {
    for (const [conversation, windows] of this.conversations) {
      if (windows.idleSince(now)) this.conversations.delete(conversation);
    }
  }

  private windowsOf(conversation: string): SlidingWindows {
    let windows = this.conversations.get(conversation);
    if (!windows) {
      windows = new SlidingWindows(CONVERSATION_LIMITS, 1_000 / CONVERSATION_LIMITS[0]!.limit);
      this.conversations.set(conversation, windows);
    }
    return windows;
  }
}
