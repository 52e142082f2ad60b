import { SharedReads } from '../../src/platform/shared-reads.js';
import { randomUUID } from 'node:crypto';
import { startBot, type RunningBot } from '../../src/composition.js';
import { loadConfig } from '../../src/platform/config.js';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../src/platform/cosmos/embedded-server.js';
import { silentLogger, type Logger } from '../../src/platform/logger.js';
import type { AuthenticationOverrides } from '../../src/platform/teams/adapter.js';
import { FakeConnector } from './connector.js';
import { TENANT_ID } from './tenant.js';
import { ProgrammeStore } from '../../src/features/programmes/store.js';
import { MembershipStore } from '../../src/features/membership/store.js';
import { PollStore } from '../../src/features/polls/store.js';
import { MeetingStore } from '../../src/features/meetings/store.js';
import { OutputStore } from '../../src/features/outputs/store.js';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../src/platform/blob/embedded-azurite.js';

/** Someone in Teams: their Entra object id, name, and (when a test needs it apart from the object id) Teams id. */
export type TestPerson = { id: string; name: string; teamsId?: string };

export type Conversation = { id: string; conversationType: 'personal' | 'groupChat' | 'channel'; teamId?: string };

export type SendOptions = {
  locale?: string;
  conversation?: Conversation;
  /** Extra HTTP headers, e.g. the connector's Authorization for a bot with authentication on. */
  headers?: Record<string, string>;
  /** The sender's Microsoft 365 tenant; the region's (TENANT_ID) unless a test plays someone from elsewhere. */
  tenantId?: string;
};

/**
 * The HTTP answer, the bot's replies to the activity (what it sent in the turn, not what the outbox happened to
 * deliver meanwhile), and the activity posted (to redeliver it as Teams would).
 */
export type BotReply = { status: number; body: any; activities: any[]; request: Record<string, any> };

export const BOT = { id: '28:fokusgrupper-bot', name: 'Fokusgrupper' };

export { TENANT_ID };

export function personalChat(person: TestPerson): Conversation {
  return { id: `a:personal-${person.id}`, conversationType: 'personal' };
}

/**
 * The whole bot as Teams sees it: the real HTTP server on a random port, the real @azure/cosmos client against an
 * in-process Cosmos-compatible server, the real @azure/storage-blob client against an in-memory Azurite, and a
 * local connector catching what the bot sends. Request authentication is off because MICROSOFT_APP_ID is empty,
 * as for any local run.
 */
export type HarnessOptions = {
  seedCoordinators?: TestPerson[];
  environment?: Record<string, string>;
  /** Authentication against a local OpenID metadata server (test/support/token-issuer.ts). */
  authentication?: AuthenticationOverrides;
  /** The bot's logger; silent unless a test reads what is logged. */
  logger?: Logger;
};

export class BotHarness {
  readonly connector = new FakeConnector();
  bot!: RunningBot;
  cosmos!: EmbeddedCosmos;
  azurite?: EmbeddedAzurite;
  now = new Date('2027-02-15T09:00:00Z');

  /** Set on an instance started beside another: it shares that one's store and connector and stops only its own bot. */
  private beside = false;

  static async start(options: HarnessOptions = {}): Promise<BotHarness> {
    const harness = new BotHarness();
    const [, cosmos, azurite] = await Promise.all([
      harness.connector.start(),
      startEmbeddedCosmos(),
      startEmbeddedAzurite(),
    ]);
    harness.cosmos = cosmos;
    harness.azurite = azurite;
    await harness.launch(options, `test-${randomUUID()}`);
    return harness;
  }

  /**
   * A second instance of the app over the first one's store (same database), blob storage and connector, as when
   * two instances run behind a load balancer: for checking that timed work is done once. It has its own clock.
   */
  static async startBeside(first: BotHarness, options: HarnessOptions = {}): Promise<BotHarness> {
    const harness: BotHarness = Object.assign(new BotHarness(), {
      connector: first.connector,
      cosmos: first.cosmos,
      azurite: first.azurite,
    });
    harness.beside = true;
    harness.now = first.now;
    await harness.launch(options, first.bot.storage.database.id);
    return harness;
  }

  private async launch(options: HarnessOptions, database: string): Promise<void> {
    const config = loadConfig({
      PORT: '0',
      COSMOS_DATABASE: database,
      SEED_COORDINATOR_IDS: (options.seedCoordinators ?? []).map((p) => `${p.id}:${p.name}`).join(','),
      VOTE_ANONYMITY_KEY: 'test-only-anonymity-key-0123456789abcdef',
      SCHEDULER_INTERVAL_SECONDS: '0',
      // Retries come quickly in tests; the limits and the rest are the production ones.
      OUTBOX_RETRY_BASE_MS: '50',
      ALLOWED_TENANT_IDS: TENANT_ID,
      ...options.environment,
    });
    this.bot = await startBot({
      config,
      cosmos: this.cosmos.connection,
      blob: this.azurite!.connection,
      logger: options.logger ?? silentLogger,
      clock: () => this.now,
      ...(options.authentication ? { authentication: options.authentication } : {}),
    });
  }

  async stop(): Promise<void> {
    await this.bot?.close();
    if (this.beside) return;
    await this.cosmos?.stop();
    await this.azurite?.stop();
    await this.connector.stop();
  }

  /** Waits until the outbox has delivered (or failed for good) everything enqueued so far. */
  async delivered(timeoutMs = 20_000): Promise<void> {
    await this.bot.outbox.drained(timeoutMs);
  }

  /** The feature stores over the bot's own containers, to check what was (or was not) written. */
  storage() {
    const { containers } = this.bot.storage;
    return {
      programmes: new ProgrammeStore(containers.programmes, containers.conversations),
      memberships: new MembershipStore(containers.programmes, new SharedReads()),
    };
  }

  pollStore() {
    return { polls: new PollStore(this.bot.storage.containers.polls, new SharedReads()) };
  }

  meetingStore() {
    return { meetings: new MeetingStore(this.bot.storage.containers.meetings) };
  }

  /** The outputs store and the bot's Blob Storage container (Azurite), to check what was (or was not) stored. */
  outputStore() {
    return { outputs: new OutputStore(this.bot.storage.containers.outputs), files: this.bot.files! };
  }

  get url(): string {
    return `http://127.0.0.1:${this.bot.port}`;
  }

  /** POSTs an activity to /api/messages and returns the HTTP answer plus the bot's replies to it. */
  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<BotReply> {
    const before = this.connector.calls.length;
    const response = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await response.text();
    // A reply is posted to the activity it answers; the outbox's own posts (to a channel, 1:1) are new messages.
    const id = typeof activity.id === 'string' ? activity.id : undefined;
    const activities = this.connector.calls
      .slice(before)
      .filter((call) => !id || call.path.endsWith(`/activities/${id}`))
      .map((call) => call.body);
    return { status: response.status, body: text ? JSON.parse(text) : undefined, activities, request: activity };
  }

  private base(person: TestPerson, options: SendOptions) {
    const conversation = options.conversation ?? personalChat(person);
    const tenantId = options.tenantId ?? TENANT_ID;
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: this.now.toISOString(),
      locale: options.locale ?? 'sv-SE',
      from: { id: person.teamsId ?? `29:${person.id}`, aadObjectId: person.id, name: person.name },
      recipient: BOT,
      conversation: { id: conversation.id, conversationType: conversation.conversationType, tenantId },
      channelData: {
        tenant: { id: tenantId },
        ...(conversation.teamId ? { team: { id: conversation.teamId }, channel: { id: conversation.id } } : {}),
      },
    };
  }

  /** A text message, as typed; in channels and group chats the bot is mentioned first, as Teams requires. */
  async say(person: TestPerson, text: string, options: SendOptions = {}): Promise<BotReply> {
    const mentioned = options.conversation && options.conversation.conversationType !== 'personal';
    return this.post(
      {
        ...this.base(person, options),
        type: 'message',
        text: mentioned ? `<at>${BOT.name}</at> ${text}` : text,
        entities: mentioned
          ? [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: { id: BOT.id, name: BOT.name } }]
          : [],
      },
      options.headers,
    );
  }

  /**
   * A file sent to the bot in personal chat, as Teams delivers it: a message whose attachment carries a
   * pre-authorised download URL (served in tests by a local HTTP server).
   */
  async sendFile(
    person: TestPerson,
    file: { downloadUrl: string; name: string },
    options: SendOptions = {},
  ): Promise<BotReply> {
    return this.post({
      ...this.base(person, options),
      type: 'message',
      text: '',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          contentUrl: `https://contoso.sharepoint.com/personal/${encodeURIComponent(file.name)}`,
          name: file.name,
          content: { downloadUrl: file.downloadUrl, uniqueId: randomUUID(), fileType: file.name.split('.').pop() },
        },
      ],
    });
  }

  /** An Adaptive Card Action.Execute, exactly as Teams sends it (`data` already merged with the card's inputs). */
  async execute(
    person: TestPerson,
    verb: string,
    data: Record<string, unknown>,
    options: SendOptions = {},
  ): Promise<BotReply> {
    return this.post(
      {
        ...this.base(person, options),
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: 'card-activity-1',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      },
      options.headers,
    );
  }

  /** The same action sent by an Action.Submit fallback: a message whose value carries the verb. */
  async submit(
    person: TestPerson,
    verb: string,
    data: Record<string, unknown>,
    options: SendOptions = {},
  ): Promise<BotReply> {
    return this.post({ ...this.base(person, options), type: 'message', value: { ...data, verb } });
  }

  async conversationUpdate(
    membersAdded: { id: string }[],
    options: SendOptions & { by: TestPerson },
  ): Promise<BotReply> {
    return this.post({ ...this.base(options.by, options), type: 'conversationUpdate', membersAdded });
  }
}

/** The card in an invoke answer, or undefined when the answer was a text. */
export function cardOf(reply: BotReply): any {
  return reply.body?.type === 'application/vnd.microsoft.card.adaptive' ? reply.body.value : undefined;
}

/** The text of an invoke answer (a message) or of the first text reply. */
export function textOf(reply: BotReply): string {
  if (reply.body?.type === 'application/vnd.microsoft.activity.message') return reply.body.value;
  return shownMarkdown(reply.activities.find((a) => typeof a?.text === 'string' && a.text)?.text ?? '');
}

/** The first card the bot posted in reply to a message. */
export function postedCard(reply: BotReply): any {
  return reply.activities.find((a) => a?.attachments?.length)?.attachments[0]?.content;
}

/**
 * Every piece of visible text on a card, joined, for assertions that read like what a person sees: card text
 * (TextBlock, Fact) is markdown with its escapes taken out, as Teams shows it.
 */
export function cardText(card: any): string {
  const texts: string[] = [];
  const walk = (node: any, inFacts = false) => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, inFacts));
    if (!node || typeof node !== 'object') return;
    const isMarkdown = inFacts || node.type === 'TextBlock';
    for (const key of ['text', 'title', 'value', 'label', 'placeholder']) {
      if (typeof node[key] === 'string') texts.push(isMarkdown ? shownMarkdown(node[key]) : node[key]);
    }
    for (const [key, value] of Object.entries(node)) walk(value, key === 'facts' && node.type === 'FactSet');
  };
  walk(card);
  return texts.join('\n');
}

/** Markdown text as shown: backslash escapes removed (the bot escapes every value it puts into card text). */
export function shownMarkdown(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
