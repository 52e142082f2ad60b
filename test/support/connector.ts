import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the connector accepted, and when (ms since the epoch). */
export type ConnectorCall = {
  method: string;
  path: string;
  body: any;
  at: number;
  /** The id the connector answered with (a new conversation's or activity's), once answered. */
  answeredId?: string;
};

/**
 * Teams' limits as the local connector enforces them (see the platform notes): requests to one conversation per
 * second, and requests per second for the whole tenant (every request counts, opening a 1:1 chat too). Beyond
 * either, 429 with Retry-After.
 */
export type ConnectorLimits = { perConversationPerSecond: number; tenantPerSecond: number; retryAfterSeconds: number };

export const TEAMS_LIMITS: ConnectorLimits = { perConversationPerSecond: 7, tenantPerSecond: 30, retryAfterSeconds: 1 };

export type ConnectorOptions = {
  limits?: ConnectorLimits;
  /** The share of requests (within the limits) answered 503, drawn from a seeded sequence so runs repeat. */
  faultRate?: number;
  seed?: number;
};

/**
 * A local stand-in for the Bot Connector service: the bot's replies, card updates and proactive messages
 * arrive here as real HTTP calls, are recorded, and get the `{ id }` answer the real service gives. It can also
 * behave like Teams under load (limits with 429 + Retry-After, random 503s) and, for crash tests, hold requests
 * unanswered: a held request whose caller dies is never recorded, as a message that never reached Teams.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /**
   * Who Teams' rosters hold, by Entra object id, as `GET /v3/conversations/{id}/members/{user}` answers: in the
   * listed conversations (teams, chats) only, or in every one when none are listed. Anyone else is a 404.
   */
  readonly roster = new Map<string, { name: string; conversations?: string[] }>();
  failedCalls = 0;
  /** How long each answer takes, as a slow connector's would (a call is recorded when it arrives). */
  answerDelayMs = 0;
  /** Requests refused for going over a limit, and refused at random. */
  readonly refused: { at: number; status: number }[] = [];
  throttled = 0;
  faulted = 0;
  private server?: Server;
  private nextId = 1;
  private failures: { status: number; retryAfterSeconds?: number }[] = [];
  private readonly refusals: { path: RegExp; status: number }[] = [];
  private readonly tenantWindow: number[] = [];
  private readonly conversationWindows = new Map<string, number[]>();
  private random: () => number;
  private holding = false;
  private holdPoint?: { count: number; reached: () => void };
  private readonly held: (() => void)[] = [];
  url = '';

  constructor(private readonly options: ConnectorOptions = {}) {
    this.random = seeded(options.seed ?? 1);
  }

  /** The next `count` calls fail with `status`, as a throttled or faulty connector would. */
  failNext(count: number, status: number, retryAfterSeconds?: number): void {
    for (let i = 0; i < count; i++)
      this.failures.push({ status, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) });
  }

  /** Every request whose path matches is refused with `status`, for ever (a person who blocked the bot: 403). */
  refuse(path: RegExp, status: number): void {
    this.refusals.push({ path, status });
  }

  /** Teams takes them again: every `refuse` is lifted. */
  stopRefusing(): void {
    this.refusals.splice(0);
  }

  /** Changes the fault rate from now on (0 turns random faults off). */
  setFaultRate(rate: number): void {
    this.options.faultRate = rate;
  }

  /**
   * Once `count` more messages have been posted, holds every request unanswered (the caller waits) until `release`.
   * Resolves when that point is reached: the moment to kill the bot with requests in flight.
   */
  holdAfterPosts(count: number): Promise<void> {
    return new Promise((reached) => {
      this.holdPoint = { count, reached };
    });
  }

  /** From now on, holds every request unanswered until `release`, as a connector that hangs. */
  hold(): void {
    this.holding = true;
  }

  /**
   * Stops holding and answers the held requests whose callers are still there, after a moment in which the
   * connections of a caller that died are seen to close.
   */
  async release(): Promise<void> {
    this.holding = false;
    this.holdPoint = undefined;
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const answer of this.held.splice(0)) answer();
  }

  async start(): Promise<void> {
    this.server = createServer(async (request, response) => {
      const body = await readJson(request);
      if (this.holding) {
        let gone = false;
        request.socket.once('close', () => (gone = true));
        this.held.push(() => {
          if (!gone && !request.socket.destroyed) void this.answer(request, response, body);
        });
        return;
      }
      await this.answer(request, response, body);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.held.splice(0);
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Message activities sent to a conversation (replies and new posts), oldest first. */
  sentActivities(): any[] {
    return this.calls
      .filter((call) => call.method === 'POST' && /\/activities/.test(call.path))
      .map((call) => call.body);
  }

  /**
   * What the bot sent 1:1 to a person (by Teams user id) on its own (not replies), in order: into each chat the bot
   * opened with them (`POST /v3/conversations`) and into `knownChats` (their personal chat with the bot, which it
   * uses when it has it), since `from` (an index into `calls`).
   */
  personalActivitiesTo(teamsUserId: string, from = 0, knownChats: string[] = []): any[] {
    const chats = new Set([
      ...knownChats,
      ...this.calls
        .filter((call) => call.method === 'POST' && call.path === '/v3/conversations' && call.answeredId)
        .filter((call) => call.body?.members?.some((member: { id: string }) => member.id === teamsUserId))
        .map((call) => call.answeredId!),
    ]);
    return this.calls.slice(from).flatMap((call) => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities$/.exec(call.path);
      return call.method === 'POST' && match && chats.has(match[1]!) ? [call.body] : [];
    });
  }

  /** New posts (not replies) per conversation id: what a person or channel actually saw arrive. */
  postsByConversation(): Map<string, ConnectorCall[]> {
    const posts = new Map<string, ConnectorCall[]>();
    for (const call of this.calls) {
      const match = /^\/v3\/conversations\/([^/]+)\/activities$/.exec(call.path);
      if (call.method !== 'POST' || !match) continue;
      posts.set(match[1]!, [...(posts.get(match[1]!) ?? []), call]);
    }
    return posts;
  }

  private async answer(request: IncomingMessage, response: ServerResponse, body: unknown): Promise<void> {
    const path = decodeURIComponent(request.url ?? '');
    const refusal: { status: number; retryAfterSeconds?: number } | undefined =
      this.refusals.find((refusal) => refusal.path.test(path)) ??
      this.failures.shift() ??
      this.overLimit(path) ??
      this.fault();
    if (refusal) {
      this.failedCalls += 1;
      this.refused.push({ at: Date.now(), status: refusal.status });
      response.writeHead(refusal.status, {
        'content-type': 'application/json',
        ...(refusal.retryAfterSeconds !== undefined ? { 'retry-after': String(refusal.retryAfterSeconds) } : {}),
      });
      response.end(JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }));
      return;
    }
    const call: ConnectorCall = { method: request.method ?? '', path, body, at: Date.now() };
    this.calls.push(call);
    if (this.answerDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.answerDelayMs));
    if (this.answerMember(request, response)) return;
    response.writeHead(200, { 'content-type': 'application/json' });
    const id = request.url?.endsWith('/v3/conversations')
      ? `conversation-${this.nextId++}`
      : `activity-${this.nextId++}`;
    call.answeredId = id;
    response.end(JSON.stringify({ id }));
    if (this.holdPoint && request.method === 'POST' && /\/activities$/.test(path)) {
      if (--this.holdPoint.count <= 0) {
        this.holding = true;
        this.holdPoint.reached();
        this.holdPoint = undefined;
      }
    }
  }

  /** `GET /v3/conversations/{id}/members/{user}`: the roster's person there, or a 404 as Teams gives. */
  private answerMember(request: IncomingMessage, response: ServerResponse): boolean {
    const member = /^\/v3\/conversations\/([^/]+)\/members\/([^/?]+)$/.exec(request.url ?? '');
    if (request.method !== 'GET' || !member) return false;
    const [conversationId, userId] = [decodeURIComponent(member[1]!), decodeURIComponent(member[2]!)];
    const known = this.roster.get(userId);
    const here = known && (!known.conversations || known.conversations.includes(conversationId));
    response.writeHead(here ? 200 : 404, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify(
        here
          ? { id: `29:${userId}`, aadObjectId: userId, name: known.name, userRole: 'user', tenantId: 'tenant-1' }
          : { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found' } },
      ),
    );
    return true;
  }

  private overLimit(path: string): { status: number; retryAfterSeconds: number } | undefined {
    const limits = this.options.limits;
    if (!limits) return undefined;
    const now = Date.now();
    const tenant = within(this.tenantWindow, now);
    const conversation = /^\/v3\/conversations\/([^/]+)\/activities/.exec(path)?.[1];
    const perConversation = conversation ? within(this.conversationWindows.get(conversation) ?? [], now) : [];
    if (tenant.length >= limits.tenantPerSecond || perConversation.length >= limits.perConversationPerSecond) {
      this.throttled += 1;
      return { status: 429, retryAfterSeconds: limits.retryAfterSeconds };
    }
    // Only requests Teams accepted count against its windows.
    tenant.push(now);
    this.tenantWindow.splice(0, this.tenantWindow.length, ...tenant);
    if (conversation) this.conversationWindows.set(conversation, [...perConversation, now]);
    return undefined;
  }

  private fault(): { status: number } | undefined {
    if (!this.options.faultRate || this.random() >= this.options.faultRate) return undefined;
    this.faulted += 1;
    return { status: 503 };
  }
}

/** The requests of the last second. */
function within(window: number[], now: number): number[] {
  return window.filter((at) => at > now - 1000);
}

/** A small seeded generator (mulberry32), so a run's faults can be repeated. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString();
  return text ? JSON.parse(text) : undefined;
}
