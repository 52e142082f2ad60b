import type { Application, TurnState } from './teams-ai.js';
import { ActivityTypes, type Attachment, type TurnContext } from 'botbuilder';
import type { z } from 'zod/v4';
import type { Logger } from '../logger.js';
import { cardActivity, type AdaptiveCard } from './cards.js';
import { matchCommand } from './commands.js';
import { ActivityInProgress } from '../processed-activities.js';
import { echo } from '../echo.js';
import { NOT_AN_ID } from '../ids.js';
import { Refusal } from '../refusal.js';
import { turnOf, type Person, type Turn } from './turn.js';
import { telemetry } from '../telemetry/telemetry.js';

/** What a card action answers with: a card that replaces the one clicked, or a short text. */
export type CardReply = AdaptiveCard | { text: string };

/**
 * Whether a listener only reads, or changes what is stored (and so must take effect once per activity).
 * 'changes' are made once per activity by the router (a processed-activity record around the answer).
 * 'changes-keyed' are made once per activity by the handler itself, in the one write it makes (keyed on
 * `turn.activityKey`): the vote path, which stays at one Cosmos operation. Both count as changes everywhere else
 * (the audit hook, the registry tests); `changesState` says which listeners change.
 */
export type Effect = 'reads' | 'changes' | 'changes-keyed';

export const changesState = (listener: { effect: Effect }): boolean => listener.effect !== 'reads';

/** A guard's answer when the person has to pick something first (which group?) before the handler can run. */
export class MustChoose {
  constructor(readonly card: AdaptiveCard) {}
}

/**
 * Decides, before a handler runs, whether this person may act and on what, and hands the handler that decision
 * as a value (a grant) it could not have made itself. A guard refuses by throwing a Refusal. Guards are the
 * features' (who may act in a group is decided in features/membership/access.ts); the router only runs them.
 */
export type Guard<I, G> = {
  /** The rule in a few words, for the listener registry ("group coordinator", "anyone in the tenant"). */
  readonly access: string;
  admit(turn: Turn, input: I): Promise<G | MustChoose>;
};

export type ListenerKind =
  | 'command'
  | 'cardAction'
  | 'fileMessage'
  | 'installed'
  | 'meetingStarted'
  | 'meetingEnded'
  | 'unknownCommand'
  | 'emptyMessage'
  | 'unknownCardAction';

/** One entry per listener: the registry tests walk to cover every command and verb (access matrix, redelivery). */
export type ListenerInfo = { kind: ListenerKind; name: string; access: string; effect: Effect };

export type Handler<G, I> = (turn: Turn, grant: G, input: I) => Promise<CardReply | void>;

/**
 * Runs around the handler of every listener whose effect is 'changes', after its guard admitted the person (the
 * audit trail hooks in here, so no staff change can forget to be recorded). It calls `run` once and returns its
 * reply; a refusal thrown by the handler passes through it.
 */
export type ChangeHook = (
  call: { listener: ListenerInfo; turn: Turn; grant: unknown; input: unknown },
  run: () => Promise<CardReply | void>,
) => Promise<CardReply | void>;

export type Router = {
  /** A text command in any language (see commands.ts), e.g. `hjälp` or `help`; the input is the rest of the line. */
  command<G>(commandId: string, guard: Guard<string, G>, effect: Effect, handler: Handler<G, string>): void;
  /** An Adaptive Card Action.Execute verb, and the same verb sent by an Action.Submit fallback. */
  cardAction<I, G>(
    verb: string,
    schema: z.ZodType<I>,
    guard: Guard<NoInfer<I>, G>,
    effect: Effect,
    handler: (turn: Turn, grant: G, input: NoInfer<I>) => Promise<CardReply>,
  ): void;
  /**
   * A message carrying an attachment that `accepts` takes (e.g. a file sent in chat); its text may be empty.
   * Matched in registration order like commands, so register it before the unknown-command fallback.
   */
  fileMessage<G>(
    name: string,
    accepts: (attachment: Attachment) => boolean,
    guard: Guard<Attachment, G>,
    effect: Effect,
    handler: Handler<G, Attachment>,
  ): void;
  /** The bot was added to a personal chat, group chat or team. */
  installed(handler: (turn: Turn) => Promise<CardReply | void>): void;
  /**
   * A Teams meeting whose chat the bot is in started or ended (msteams only). Teams sends the details with
   * PascalCase names (`Id`, `StartTime`, `EndTime`, `Title`); the handler gets them read.
   */
  meetingStarted<G>(guard: Guard<MeetingEvent, G>, handler: Handler<G, MeetingEvent>): void;
  meetingEnded<G>(guard: Guard<MeetingEvent, G>, handler: Handler<G, MeetingEvent>): void;
  /** Replies to a message nothing else understood; registered last. */
  unknownCommand(handler: (turn: Turn, text: string) => Promise<CardReply | void>): void;
  /**
   * Replies to a message with nothing to read and nothing a feature took: a picture, a file no feature accepts,
   * a bare @mention in a channel. Registered last, so that no message goes unanswered.
   */
  emptyMessage(handler: (turn: Turn) => Promise<CardReply>): void;
  /**
   * Answers a card action no listener knows: no verb, or a verb this version does not have (an old card after an
   * update, a crafted one). Without it teams-ai leaves the invoke unanswered and Teams shows the card's error for
   * HTTP 501. Registered last: teams-ai tries invoke routes in registration order. `data` is the card's data.
   */
  unknownCardAction(handler: (turn: Turn, data: Record<string, unknown>) => Promise<CardReply>): void;
  /** Every listener registered so far, in order. */
  listeners(): readonly ListenerInfo[];
  /** Adds a hook around every 'changes' handler, including those registered before. */
  aroundChanges(hook: ChangeHook): void;
};

export type MeetingEvent = { id: string; title?: string; startTime?: string; endTime?: string };

export type RouterDeps = {
  clock: () => Date;
  logger: Logger;
  /**
   * Runs the answer to an activity once per activity id and hands any redelivery the same answer (Teams sends an
   * activity again when the bot answered slowly): see platform/processed-activities.ts.
   */
  once?: <T>(activityKey: string, run: () => Promise<T>) => Promise<T>;
};

/** The guard of what anyone who got through the door (right tenant, a real person) may do: it grants the person. */
export const anyone: Guard<unknown, Person> = { access: 'anyone', admit: async (turn) => turn.person };

/**
 * A last guard behind the features' own `echo` of what a person typed: a refusal never repeats more than a few
 * lines of anything, whichever rule put it in its values.
 */
function shortened(values: Record<string, unknown>): Record<string, unknown> {
  const longest = 200;
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [
      key,
      typeof value === 'string' && value.length > longest ? echo(value, longest) : value,
    ]),
  );
}

export function isCard(reply: CardReply): reply is AdaptiveCard {
  return (reply as AdaptiveCard).type === 'AdaptiveCard';
}

/**
 * Answers an Action.Execute ourselves. Left to teams-ai, a card carrying `refresh` (every poll card does) makes it
 * PUT that card over the message for everyone, and from then on for every later click of that verb too: one
 * voter's personal answers would replace everybody's card. Answering here keeps the answer for the person who
 * clicked; cards meant for everyone are updated explicitly through the outbox (platform/outbox/).
 */
async function answerInvoke(context: TurnContext, reply: CardReply): Promise<void> {
  const body = isCard(reply)
    ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply }
    : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.text };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A message's text as a person reads it: Teams may send markup alone (a pasted picture) where nothing was typed. */
function readable(text: string | undefined): string {
  return (text ?? '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .trim();
}

function meetingEventOf(details: unknown): MeetingEvent {
  const value = (details ?? {}) as Record<string, unknown>;
  const text = (upper: string, lower: string) => {
    const found = value[upper] ?? value[lower];
    return typeof found === 'string' && found ? found : undefined;
  };
  const [title, startTime, endTime] = [
    text('Title', 'title'),
    text('StartTime', 'startTime'),
    text('EndTime', 'endTime'),
  ];
  return {
    id: text('Id', 'id') ?? '',
    ...(title ? { title } : {}),
    ...(startTime ? { startTime } : {}),
    ...(endTime ? { endTime } : {}),
  };
}

export function createRouter(app: Application<TurnState>, { clock, logger, once }: RouterDeps): Router {
  const registry: ListenerInfo[] = [];
  const changeHooks: ChangeHook[] = [];

  /**
   * Runs the guard, then the handler, so that no exception ever reaches the person raw: refusals are translated,
   * the rest logged. A guard that needs a choice first answers with its card and the handler does not run.
   */
  async function guarded<I, G>(
    context: TurnContext,
    listener: ListenerInfo,
    guard: Guard<I, G>,
    readInput: (turn: Turn) => I,
    handler: Handler<G, I>,
  ): Promise<CardReply | void> {
    const turn = turnOf(context, clock());
    let input: I;
    try {
      input = readInput(turn);
    } catch (error) {
      // Card data that cannot be read (a crafted id) changes nothing: answered before anything is recorded.
      return failed(context, turn, error);
    }
    const answer = () => answered(context, turn, guard, input, handler, listener);
    if (listener.effect !== 'changes' || !once || !context.activity.id) return answer();
    // A change takes effect once per activity: a redelivery (the same id in the same conversation) gets the first
    // answer back, guard, handler and audit included, without running any of them again.
    try {
      return await once(turn.activityKey, answer);
    } catch (error) {
      if (error instanceof ActivityInProgress) return { text: turn.t('common:errors.stillWorking') };
      logger.error({ err: error, activityType: context.activity.type }, 'could not record the activity');
      return { text: turn.t('common:errors.unexpected') };
    }
  }

  async function answered<I, G>(
    context: TurnContext,
    turn: Turn,
    guard: Guard<I, G>,
    input: I,
    handler: Handler<G, I>,
    listener: ListenerInfo,
  ): Promise<CardReply | void> {
    try {
      const grant = await guard.admit(turn, input);
      if (grant instanceof MustChoose) return grant.card;
      const run = () => handler(turn, grant, input);
      if (!changesState(listener)) return await run();
      const call = { listener, turn, grant, input };
      return await changeHooks.reduceRight<typeof run>((next, hook) => () => hook(call, next), run)();
    } catch (error) {
      return failed(context, turn, error);
    }
  }

  /** A refusal in the person's words; anything else logged, and a plain "something went wrong". */
  function failed(context: TurnContext, turn: Turn, error: unknown): CardReply {
    if (error instanceof Refusal) {
      telemetry.count('refusals', { reason: error.key });
      return { text: turn.t(error.key, shortened(error.values)) };
    }
    logger.error({ err: error, activityType: context.activity.type }, 'handler failed');
    return { text: turn.t('common:errors.unexpected') };
  }

  async function send(context: TurnContext, reply: CardReply | void): Promise<void> {
    if (!reply) return;
    await context.sendActivity(isCard(reply) ? cardActivity(reply) : reply.text);
  }

  /** Card data that names no possible id (a crafted `a/b`) names nothing that exists: "not found", not an error. */
  function parse<T>(schema: z.ZodType<T>, data: unknown): T {
    const result = schema.safeParse(data);
    if (result.success) return result.data;
    const badIdsOnly = result.error.issues.every((issue) => issue.message === NOT_AN_ID);
    throw new Refusal(badIdsOnly ? 'common:errors.notFound' : 'common:errors.badCardData');
  }

  const register = (kind: ListenerKind, name: string, access: string, effect: Effect): ListenerInfo => {
    const listener = { kind, name, access, effect };
    registry.push(listener);
    return listener;
  };

  const isMessage = (context: TurnContext) => context.activity.type === 'message';
  /** What an Action.Submit sends: a message whose value is the card's data, usually without text. */
  const isSubmit = (context: TurnContext) =>
    isMessage(context) && !readable(context.activity.text) && isRecord(context.activity.value);

  return {
    command(commandId, guard, effect, handler) {
      const listener = register('command', commandId, guard.access, effect);
      app.message(
        async (context) => isMessage(context) && matchCommand(context.activity.text)?.commandId === commandId,
        async (context) => {
          const argument = matchCommand(context.activity.text)?.argument ?? '';
          telemetry.annotate({ 'bot.command': commandId });
          await send(context, await guarded(context, listener, guard, () => argument, handler));
        },
      );
    },

    cardAction(verb, schema, guard, effect, handler) {
      const listener = register('cardAction', verb, guard.access, effect);
      app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
        telemetry.annotate({ 'bot.card.verb': verb });
        const reply = await guarded(context, listener, guard, () => parse(schema, data), handler);
        await answerInvoke(context, reply ?? { text: '' });
        return ''; // already answered: teams-ai sees the invoke response and adds nothing
      });
      app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
        await send(context, await guarded(context, listener, guard, () => parse(schema, data), handler));
      });
    },

    fileMessage(name, accepts, guard, effect, handler) {
      const listener = register('fileMessage', name, guard.access, effect);
      const acceptedIn = (context: TurnContext) =>
        isMessage(context) ? (context.activity.attachments ?? []).find(accepts) : undefined;
      app.message(
        async (context) => acceptedIn(context) !== undefined,
        async (context) => {
          await send(context, await guarded(context, listener, guard, () => acceptedIn(context)!, handler));
        },
      );
    },

    installed(handler) {
      const listener = register('installed', 'installed', anyone.access, 'reads');
      app.conversationUpdate('membersAdded', async (context) => {
        const botWasAdded = (context.activity.membersAdded ?? []).some(
          (member) => member.id === context.activity.recipient.id,
        );
        if (botWasAdded) await send(context, await guarded(context, listener, anyone, () => undefined, handler));
      });
    },

    meetingStarted(guard, handler) {
      const listener = register('meetingStarted', 'meetingStarted', guard.access, 'reads');
      app.meetings.start(async (context, _state, meeting) => {
        await send(context, await guarded(context, listener, guard, () => meetingEventOf(meeting), handler));
      });
    },

    meetingEnded(guard, handler) {
      const listener = register('meetingEnded', 'meetingEnded', guard.access, 'reads');
      app.meetings.end(async (context, _state, meeting) => {
        await send(context, await guarded(context, listener, guard, () => meetingEventOf(meeting), handler));
      });
    },

    unknownCommand(handler) {
      const listener = register('unknownCommand', 'unknownCommand', anyone.access, 'reads');
      app.message(
        async (context) => isMessage(context) && readable(context.activity.text) !== '',
        async (context) => {
          const text = context.activity.text ?? '';
          await send(
            context,
            await guarded(
              context,
              listener,
              anyone,
              () => text,
              (turn) => handler(turn, text),
            ),
          );
        },
      );
    },

    emptyMessage(handler) {
      const listener = register('emptyMessage', 'emptyMessage', anyone.access, 'reads');
      app.message(
        async (context) => isMessage(context) && !isSubmit(context) && readable(context.activity.text) === '',
        async (context) => {
          await send(context, await guarded(context, listener, anyone, () => undefined, handler));
        },
      );
    },

    unknownCardAction(handler) {
      const listener = register('unknownCardAction', 'unknownCardAction', anyone.access, 'reads');
      const answer = (turn: Turn, _: Person, data: Record<string, unknown>) => handler(turn, data);
      app.addRoute(
        async (context) => context.activity.type === 'invoke' && context.activity.name === 'adaptiveCard/action',
        async (context) => {
          const value = context.activity.value as { action?: { data?: unknown } } | undefined;
          const data = isRecord(value?.action?.data) ? value.action.data : {};
          await answerInvoke(context, (await guarded(context, listener, anyone, () => data, answer)) ?? { text: '' });
        },
        true,
      );
      app.message(
        async (context) => isSubmit(context),
        async (context) => {
          await send(
            context,
            await guarded(context, listener, anyone, () => context.activity.value as Record<string, unknown>, answer),
          );
        },
      );
    },

    listeners: () => registry,

    aroundChanges(hook) {
      changeHooks.push(hook);
    },
  };
}
