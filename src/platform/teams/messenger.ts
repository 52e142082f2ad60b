import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import type { CloudAdapterBase } from 'botbuilder';
import type { Logger } from '../logger.js';
import type { TeamsContact } from './turn.js';
import { SpanKind, telemetry } from '../telemetry/telemetry.js';

export type SendResult = { ok: true; activityId: string } | { ok: false; status?: number; error: string };

/** Statuses worth another try after the connector client's own retries: throttling and passing faults. */
const RETRYABLE = new Set([412, 429, 502, 503, 504]);

export type MessengerOptions = {
  /** Teams allows about 7 sends a second per conversation and 30 per app per tenant; stay well under. */
  sendsPerSecond?: number;
  attempts?: number;
  baseDelayMs?: number;
};

/**
 * Messages the bot sends on its own: posts to a group's conversation, card updates in place, and 1:1 reminders.
 * Sends are spaced to respect Teams' rate limits, retried with jittered backoff on throttling, and every failure
 * is counted and reported to the caller: a proactive send that fails never just disappears.
 */
export class Messenger {
  readonly stats = { sent: 0, failed: 0, retried: 0 };
  private nextSlot = 0;
  private readonly interval: number;
  private readonly attempts: number;
  private readonly baseDelay: number;

  constructor(
    private readonly adapter: CloudAdapterBase,
    private readonly botAppId: string,
    private readonly logger: Logger,
    options: MessengerOptions = {},
  ) {
    this.interval = 1000 / (options.sendsPerSecond ?? 5);
    this.attempts = options.attempts ?? 3;
    this.baseDelay = options.baseDelayMs ?? 500;
  }

  post(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<SendResult> {
    return this.deliver(
      'post',
      (send) => this.adapter.continueConversationAsync(this.botAppId, reference, send),
      activity,
    );
  }

  update(
    reference: Partial<ConversationReference>,
    activityId: string,
    activity: Partial<Activity>,
  ): Promise<SendResult> {
    return this.deliver('update', (send) => this.adapter.continueConversationAsync(this.botAppId, reference, send), {
      ...activity,
      id: activityId,
    });
  }

  /** Opens (or reopens: Teams returns the same one) the 1:1 chat with a person and writes there. */
  sendToPerson(contact: TeamsContact, activity: Partial<Activity>): Promise<SendResult> {
    const parameters = {
      isGroup: false,
      bot: { id: contact.botId, name: '' },
      members: [{ id: contact.teamsUserId, name: '' }],
      tenantId: contact.tenantId,
      channelData: contact.tenantId ? { tenant: { id: contact.tenantId } } : {},
    } as Parameters<CloudAdapterBase['createConversationAsync']>[4];
    return this.deliver(
      'personal',
      (send) =>
        this.adapter.createConversationAsync(
          this.botAppId,
          'msteams',
          contact.serviceUrl,
          'https://api.botframework.com',
          parameters,
          send,
        ),
      activity,
    );
  }

  private deliver(
    kind: string,
    open: (send: (context: TurnContext) => Promise<void>) => Promise<void>,
    activity: Partial<Activity>,
  ): Promise<SendResult> {
    const attributes = { 'bot.message.kind': kind };
    return telemetry.span(
      `messenger ${kind}`,
      attributes,
      async () => {
        const result = await this.attempt(kind, open, activity);
        telemetry.annotate(
          result.ok
            ? { 'bot.delivered': true }
            : { 'bot.delivered': false, 'error.type': String(result.status ?? 'unknown') },
        );
        return result;
      },
      { kind: SpanKind.CLIENT },
    );
  }

  private async attempt(
    kind: string,
    open: (send: (context: TurnContext) => Promise<void>) => Promise<void>,
    activity: Partial<Activity>,
  ): Promise<SendResult> {
    let last: { status?: number; error: string } = { error: 'not sent' };
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      await this.waitForSlot();
      let activityId = '';
      let failure: unknown;
      await open(async (context) => {
        // A continuation turn carries a made-up activity id; without this every post would be sent as a reply
        // to it (POST .../activities/{id}) instead of as a new message in the conversation.
        context.onSendActivities(async (_context, activities, next) => {
          for (const outgoing of activities) delete outgoing.replyToId;
          return next();
        });
        try {
          if (kind === 'update') {
            await context.updateActivity(activity);
            activityId = activity.id ?? '';
          } else {
            activityId = (await context.sendActivity(activity))?.id ?? '';
          }
        } catch (error) {
          failure = error; // caught here: thrown inside the callback it would only reach onTurnError
        }
      }).catch((error: unknown) => {
        failure = error;
      });
      if (!failure) {
        this.stats.sent += 1;
        telemetry.count('sends', { kind });
        return { ok: true, activityId };
      }
      const status = (failure as { statusCode?: number }).statusCode;
      last = { ...(status ? { status } : {}), error: failure instanceof Error ? failure.message : 'unknown error' };
      if (status === 429) telemetry.count('throttled', { kind });
      if (!status || !RETRYABLE.has(status) || attempt === this.attempts) break;
      this.stats.retried += 1;
      await sleep(this.baseDelay * 2 ** (attempt - 1) * (0.5 + Math.random()));
    }
    this.stats.failed += 1;
    telemetry.count('deliveries.failed', { kind, status: last.status ?? 0 });
    this.logger.warn({ kind, ...last }, 'a proactive message could not be delivered');
    return { ok: false, ...last };
  }

  /** Spaces sends evenly: each caller takes the next free slot. */
  private async waitForSlot(): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.interval;
    if (slot > now) await sleep(slot - now);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
