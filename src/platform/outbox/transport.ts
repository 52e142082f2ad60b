import { ConfigurationBotFrameworkAuthentication, type Activity, type ConversationParameters } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type BotFrameworkAuthentication,
  type ConnectorClient,
} from 'botframework-connector';
import type { Config } from '../config.js';
import { botCredentialSettings } from '../teams/adapter.js';
import { escapeMarkdown } from '../teams/markdown.js';
import { SpanKind, telemetry } from '../telemetry/telemetry.js';
import { classifyStatus, parseRetryAfter, type FailedSend } from './retry.js';
import type { ConversationAddress, Destination } from './schema.js';

export type Sent = { ok: true; activityId: string };
export type Opened = { ok: true; conversationId: string };
export type Failed = { ok: false; failure: FailedSend };

/**
 * One HTTP request to the Bot Connector per call, nothing more: the outbox decides about retries, pacing and
 * timeouts itself. (The connector client's own pipeline would otherwise retry 429s and 5xx up to four times inside
 * one call, sleeping as it goes, which is how a reminder to 290 people once took 68 s inside a card action.)
 */
export interface Transport {
  post(address: ConversationAddress, activity: Partial<Activity>): Promise<Sent | Failed>;
  update(address: ConversationAddress, activityId: string, activity: Partial<Activity>): Promise<Sent | Failed>;
  /** Opens (or finds: Teams returns the same one) the 1:1 chat with a person. */
  openPersonal(contact: Extract<Destination, { kind: 'person' }>['contact']): Promise<Opened | Failed>;
}

const RETRY_POLICY_NAMES = [
  'defaultRetryPolicy',
  'exponentialRetryPolicy',
  'throttlingRetryPolicy',
  'systemErrorRetryPolicy',
];

export type ConnectorTransportOptions = { botAppId: string; sendTimeoutMs: number };

export class ConnectorTransport implements Transport {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(
    private readonly authentication: BotFrameworkAuthentication,
    private readonly options: ConnectorTransportOptions,
  ) {}

  /** The same authentication the TeamsAdapter builds from the bot's configuration. */
  static fromConfig(config: Config, sendTimeoutMs: number): ConnectorTransport {
    const authentication = new ConfigurationBotFrameworkAuthentication(botCredentialSettings(config));
    return new ConnectorTransport(authentication, { botAppId: config.bot.appId ?? '', sendTimeoutMs });
  }

  async post(address: ConversationAddress, activity: Partial<Activity>): Promise<Sent | Failed> {
    return this.attempt('send', address.serviceUrl, async (client, abortSignal) => {
      const { id } = await client.conversations.sendToConversation(
        address.conversation.id,
        outgoing(address, activity),
        { abortSignal },
      );
      return { ok: true, activityId: id ?? '' };
    });
  }

  async update(address: ConversationAddress, activityId: string, activity: Partial<Activity>): Promise<Sent | Failed> {
    return this.attempt('update', address.serviceUrl, async (client, abortSignal) => {
      await client.conversations.updateActivity(
        address.conversation.id,
        activityId,
        { ...outgoing(address, activity), id: activityId },
        { abortSignal },
      );
      return { ok: true, activityId };
    });
  }

  async openPersonal(contact: Extract<Destination, { kind: 'person' }>['contact']): Promise<Opened | Failed> {
    const parameters = {
      isGroup: false,
      bot: { id: contact.botId, name: '' },
      members: [{ id: contact.teamsUserId, name: '' }],
      tenantId: contact.tenantId,
      channelData: contact.tenantId ? { tenant: { id: contact.tenantId } } : {},
    } as ConversationParameters;
    return this.attempt('create conversation', contact.serviceUrl, async (client, abortSignal) => {
      const { id } = await client.conversations.createConversation(parameters, { abortSignal });
      return { ok: true, conversationId: id };
    });
  }

  /** One request, in a span named by the operation (never the conversation or the content). */
  private async attempt<T extends Sent | Opened>(
    operation: string,
    serviceUrl: string,
    run: (client: ConnectorClient, abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T | Failed> {
    try {
      return await telemetry.span(
        `connector ${operation}`,
        { 'bot.connector.operation': operation },
        async () => run(await this.client(serviceUrl), AbortSignal.timeout(this.options.sendTimeoutMs)),
        { kind: SpanKind.CLIENT },
      );
    } catch (error) {
      return { ok: false, failure: failureOf(error) };
    }
  }

  private client(serviceUrl: string): Promise<ConnectorClient> {
    let client = this.clients.get(serviceUrl);
    if (!client) {
      client = this.createClient(serviceUrl);
      // A failed creation (e.g. a token endpoint that did not answer) is not kept.
      client.catch(() => this.clients.delete(serviceUrl));
      this.clients.set(serviceUrl, client);
    }
    return client;
  }

  private async createClient(serviceUrl: string): Promise<ConnectorClient> {
    const identity = new ClaimsIdentity([
      { type: AuthenticationConstants.AudienceClaim, value: this.options.botAppId },
      { type: AuthenticationConstants.AppIdClaim, value: this.options.botAppId },
    ]);
    const client = await this.authentication.createConnectorFactory(identity).create(serviceUrl, undefined);
    // Internal API of the compat layer: the pipeline lives on `client.client`. Checked by test/platform/outbox-transport.
    const pipeline = (
      client as unknown as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }
    ).client?.pipeline;
    for (const name of RETRY_POLICY_NAMES) pipeline?.removePolicy({ name });
    return client;
  }
}

/**
 * The activity as the adapter would send it into that conversation: from the bot, never as a reply, its text escaped
 * as the adapter's middleware escapes every reply (outgoing-text.ts): the names and words in it show as typed.
 */
function outgoing(address: ConversationAddress, activity: Partial<Activity>): Partial<Activity> {
  const { replyToId: _reply, ...rest } = activity;
  return {
    ...rest,
    ...(rest.type === 'message' && typeof rest.text === 'string' ? { text: escapeMarkdown(rest.text) } : {}),
    channelId: address.channelId ?? 'msteams',
    serviceUrl: address.serviceUrl,
    conversation: address.conversation as unknown as Activity['conversation'],
    ...(address.bot ? { from: address.bot as unknown as Activity['from'] } : {}),
  };
}

function failureOf(error: unknown): FailedSend {
  const { name, code, statusCode, response } = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    statusCode?: unknown;
    response?: { headers?: { get?(name: string): string | undefined } };
  };
  if (name === 'AbortError' || name === 'TimeoutError') return { reason: 'timeout' };
  if (typeof statusCode === 'number') {
    const retryAfterMs = parseRetryAfter(response?.headers?.get?.('retry-after'));
    return {
      status: statusCode,
      reason: classifyStatus(statusCode),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    };
  }
  if (typeof code === 'string' && /^(E[A-Z]+|REQUEST_SEND_ERROR)$/.test(code)) return { reason: 'network' };
  return { reason: 'unknown' };
}
