import type { Middleware, TurnContext } from 'botbuilder';
import { SpanKind, telemetry } from './telemetry.js';

/** Activities that stay in the process (the invoke answer, a delay) are not calls to the connector. */
const LOCAL_TYPES = new Set(['invokeResponse', 'delay', 'trace']);

/**
 * A span around every call the bot makes to the Bot Connector from a turn (replies, card updates, deletes) and from
 * a proactive continuation (posts), with the operation and the count of activities, never their content.
 */
export const connectorTelemetry: Middleware = {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (_context, activities, send) => {
      const outgoing = activities.filter((activity) => !LOCAL_TYPES.has(activity.type ?? ''));
      if (outgoing.length === 0) return send();
      return telemetry.span(
        'connector send',
        { 'bot.connector.operation': 'send', 'bot.activity.count': outgoing.length },
        send,
        { kind: SpanKind.CLIENT },
      );
    });
    context.onUpdateActivity(async (_context, _activity, update) =>
      telemetry.span('connector update', { 'bot.connector.operation': 'update' }, update, { kind: SpanKind.CLIENT }),
    );
    context.onDeleteActivity(async (_context, _reference, remove) =>
      telemetry.span('connector delete', { 'bot.connector.operation': 'delete' }, remove, { kind: SpanKind.CLIENT }),
    );
    await next();
  },
};
