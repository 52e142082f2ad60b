import { SpanKind, telemetry, type SafeAttributes } from './telemetry.js';

const ACTIVITY_TYPES = new Set([
  'message',
  'invoke',
  'conversationUpdate',
  'event',
  'messageReaction',
  'installationUpdate',
]);
const CONVERSATION_TYPES = new Set(['personal', 'groupChat', 'channel']);
/** Our verbs and Teams' invoke names look like this; anything else a client makes up is reported as "other". */
const NAME_SHAPE = /^[A-Za-z][\w./-]{0,63}$/;

type IncomingActivity = {
  type?: unknown;
  name?: unknown;
  channelId?: unknown;
  conversation?: { conversationType?: unknown };
  value?: { action?: { verb?: unknown }; verb?: unknown };
};

const known = (value: unknown, allowed: Set<string>) =>
  typeof value === 'string' && allowed.has(value) ? value : 'other';
const shaped = (value: unknown) => (typeof value === 'string' && NAME_SHAPE.test(value) ? value : 'other');

/**
 * What may be said about an incoming activity: its type, Teams' invoke name, the card verb and the kind of
 * conversation. Never its text, its sender, its conversation id or the values typed into a card.
 */
export function activityAttributes(body: unknown): SafeAttributes {
  const activity = (body ?? {}) as IncomingActivity;
  const verb = activity.value?.action?.verb ?? activity.value?.verb;
  return {
    'bot.activity.type': known(activity.type, ACTIVITY_TYPES),
    'bot.channel': activity.channelId === 'msteams' ? 'msteams' : 'other',
    'bot.conversation.type': known(activity.conversation?.conversationType, CONVERSATION_TYPES),
    ...(activity.name !== undefined ? { 'bot.activity.name': shaped(activity.name) } : {}),
    ...(verb !== undefined ? { 'bot.card.verb': shaped(verb) } : {}),
  };
}

/** The span of one activity from Teams: a request in Application Insights, parent of its Cosmos and connector calls. */
export function traceActivity(body: unknown, work: () => Promise<number>): Promise<number> {
  const attributes = activityAttributes(body);
  return telemetry.span(
    `activity ${String(attributes['bot.activity.type'])}`,
    { ...attributes, 'http.request.method': 'POST', 'http.route': '/api/messages' },
    async () => {
      const status = await work();
      telemetry.annotate({ 'http.response.status_code': status });
      return status;
    },
    { kind: SpanKind.SERVER },
  );
}
