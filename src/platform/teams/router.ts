import type { Application, TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, type Attachment, type TurnContext } from 'botbuilder';
import type { z } from 'zod/v4';
import type { Logger } from '../logger.js';
import { cardActivity, type AdaptiveCard } from './cards.js';
import { matchCommand } from './commands.js';
import { Refusal } from '../refusal.js';
import { turnOf, type Turn } from './turn.js';

/** What a card action answers with: a card that replaces the one clicked, or a short text. */
export type CardReply = AdaptiveCard | { text: string };

/** Command handlers answer with a card or a text; the router sends it, so every path replies the same way. */
export type CommandHandler = (turn: Turn, argument: string) => Promise<CardReply | void>;
export type CardActionHandler<T> = (turn: Turn, data: T) => Promise<CardReply>;

export type Router = {
  /** A text command in any language (see commands.ts), e.g. `hjälp` or `help`. */
  command(commandId: string, handler: CommandHandler): void;
  /** An Adaptive Card Action.Execute verb, and the same verb sent by an Action.Submit fallback. */
  cardAction<T>(verb: string, schema: z.ZodType<T>, handler: CardActionHandler<T>): void;
  /**
   * A message carrying an attachment that `accepts` takes (e.g. a file sent in chat); its text may be empty.
   * Matched in registration order like commands, so register it before the unknown-command fallback.
   */
  fileMessage(
    accepts: (attachment: Attachment) => boolean,
    handler: (turn: Turn, attachment: Attachment) => Promise<CardReply | void>,
  ): void;
  /** The bot was added to a personal chat, group chat or team. */
  installed(handler: (turn: Turn) => Promise<CardReply | void>): void;
  /**
   * A Teams meeting whose chat the bot is in started or ended (msteams only). Teams sends the details with
   * PascalCase names (`Id`, `StartTime`, `EndTime`, `Title`); the handler gets them as they came.
   */
  meetingStarted(handler: (turn: Turn, meeting: MeetingEvent) => Promise<CardReply | void>): void;
  meetingEnded(handler: (turn: Turn, meeting: MeetingEvent) => Promise<CardReply | void>): void;
  /** Replies to a message nothing else understood; registered last. */
  unknownCommand(handler: CommandHandler): void;
};

export type MeetingEvent = { id: string; title?: string; startTime?: string; endTime?: string };

export type RouterDeps = { clock: () => Date; logger: Logger };

export function isCard(reply: CardReply): reply is AdaptiveCard {
  return (reply as AdaptiveCard).type === 'AdaptiveCard';
}

/**
 * Answers an Action.Execute ourselves. Left to teams-ai, a card carrying `refresh` (every poll card does) makes it
 * PUT that card over the message for everyone, and from then on for every later click of that verb too: one
 * voter's personal answers would replace everybody's card. Answering here keeps the answer for the person who
 * clicked; cards meant for everyone are updated explicitly through the Messenger.
 */
async function answerInvoke(context: TurnContext, reply: CardReply): Promise<void> {
  const body = isCard(reply)
    ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply }
    : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.text };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

function meetingEventOf(details: unknown): MeetingEvent {
  const value = (details ?? {}) as Record<string, string | undefined>;
  return {
    id: value.Id ?? value.id ?? '',
    ...((value.Title ?? value.title) ? { title: value.Title ?? value.title } : {}),
    ...((value.StartTime ?? value.startTime) ? { startTime: value.StartTime ?? value.startTime } : {}),
    ...((value.EndTime ?? value.endTime) ? { endTime: value.EndTime ?? value.endTime } : {}),
  };
}

export function createRouter(app: Application<TurnState>, { clock, logger }: RouterDeps): Router {
  /** Runs a handler so that no exception ever reaches the person raw: refusals are translated, the rest logged. */
  async function guarded(
    context: TurnContext,
    run: (turn: Turn) => Promise<CardReply | void>,
  ): Promise<CardReply | void> {
    const turn = turnOf(context, clock());
    try {
      return await run(turn);
    } catch (error) {
      if (error instanceof Refusal) return { text: turn.t(error.key, error.values) };
      logger.error({ err: error, activityType: context.activity.type }, 'handler failed');
      return { text: turn.t('common:errors.unexpected') };
    }
  }

  async function send(context: TurnContext, reply: CardReply | void): Promise<void> {
    if (!reply) return;
    await context.sendActivity(isCard(reply) ? cardActivity(reply) : reply.text);
  }

  function parse<T>(schema: z.ZodType<T>, data: unknown): T {
    const result = schema.safeParse(data);
    if (!result.success) throw new Refusal('common:errors.badCardData');
    return result.data;
  }

  return {
    command(commandId, handler) {
      app.message(
        async (context) =>
          context.activity.type === 'message' && matchCommand(context.activity.text)?.commandId === commandId,
        async (context) => {
          const argument = matchCommand(context.activity.text)?.argument ?? '';
          await send(context, await guarded(context, (turn) => handler(turn, argument)));
        },
      );
    },

    cardAction(verb, schema, handler) {
      app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
        const reply = await guarded(context, (turn) => handler(turn, parse(schema, data)));
        await answerInvoke(context, reply ?? { text: '' });
        return ''; // already answered: teams-ai sees the invoke response and adds nothing
      });
      app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
        await send(context, await guarded(context, (turn) => handler(turn, parse(schema, data))));
      });
    },

    fileMessage(accepts, handler) {
      const acceptedIn = (context: TurnContext) =>
        context.activity.type === 'message' ? (context.activity.attachments ?? []).find(accepts) : undefined;
      app.message(
        async (context) => acceptedIn(context) !== undefined,
        async (context) => {
          await send(context, await guarded(context, (turn) => handler(turn, acceptedIn(context)!)));
        },
      );
    },

    installed(handler) {
      app.conversationUpdate('membersAdded', async (context) => {
        const botWasAdded = (context.activity.membersAdded ?? []).some(
          (member) => member.id === context.activity.recipient.id,
        );
        if (botWasAdded) await send(context, await guarded(context, handler));
      });
    },

    meetingStarted(handler) {
      app.meetings.start(async (context, _state, meeting) => {
        await send(context, await guarded(context, (turn) => handler(turn, meetingEventOf(meeting))));
      });
    },

    meetingEnded(handler) {
      app.meetings.end(async (context, _state, meeting) => {
        await send(context, await guarded(context, (turn) => handler(turn, meetingEventOf(meeting))));
      });
    },

    unknownCommand(handler) {
      app.message(
        async (context) => context.activity.type === 'message' && Boolean(context.activity.text?.trim()),
        async (context) => {
          await send(context, await guarded(context, (turn) => handler(turn, context.activity.text ?? '')));
        },
      );
    },
  };
}
