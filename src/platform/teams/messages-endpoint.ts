import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, TurnContext } from 'botbuilder';
import { STORE_BUDGET_MS, withStoreDeadline } from '../cosmos/deadline.js';
import { readJsonBody } from '../http/json-body.js';
import type { Logger } from '../logger.js';
import type { Rejections } from '../rejections.js';
import { traceActivity } from '../telemetry/activity.js';
import type { BotAdapter } from './adapter.js';
import type { ChannelAuthentication } from './authentication.js';

export type MessagesEndpointDeps = {
  adapter: BotAdapter;
  authentication: ChannelAuthentication;
  /** The turn, behind the door (composition.ts). */
  runTurn: (context: TurnContext) => Promise<void>;
  rejections: Rejections;
  logger: Logger;
};

/**
 * POST /api/messages, in the order that keeps a stranger's cost low: a bounded JSON body (json-body.ts), then the
 * token (authentication.ts), then the turn. Every refusal is a bare status (401, 413, 415, 400) with an empty
 * body and one counted log line; a failing turn is a 500 with an empty body. No library's error text, no stack and
 * no part of the request ever goes back to the caller.
 */
export function messagesEndpoint(deps: MessagesEndpointDeps) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readJsonBody(request).catch(() => undefined);
    if (!body) {
      response.destroy(); // the caller went away mid-body
      return;
    }
    if (!body.ok) {
      deps.rejections.record(body.reason, body.status);
      answer(response, body.status, undefined, { closeAfter: !body.readAll, request });
      return;
    }
    await traceActivity(body.value, () => answerActivity(deps, request, response, body.value as unknown as Activity));
  };
}

/** Authentication, then the turn (behind the door); returns the status it answered with, for the activity's span. */
async function answerActivity(
  deps: MessagesEndpointDeps,
  request: IncomingMessage,
  response: ServerResponse,
  activity: Activity,
): Promise<number> {
  if (typeof activity.type !== 'string' || activity.type === '' || typeof activity.serviceUrl !== 'string') {
    deps.rejections.record('not-an-activity', 400);
    return answer(response, 400);
  }
  const outcome = await deps.authentication.authenticate(request.headers.authorization ?? '', activity);
  if (!outcome.ok) {
    deps.rejections.record(outcome.reason, outcome.status);
    return answer(response, outcome.status);
  }
  try {
    // Every store call of the turn shares one deadline, so Teams gets an answer in time even from a frozen store.
    const budget = activity.type === 'invoke' ? STORE_BUDGET_MS.invoke : STORE_BUDGET_MS.message;
    const invokeResponse = await withStoreDeadline(budget, () =>
      deps.adapter.runAuthenticated(outcome.result, activity, deps.runTurn),
    );
    return answer(response, invokeResponse?.status ?? 200, invokeResponse?.body);
  } catch (error) {
    deps.logger.error({ err: error, activityType: activity.type }, 'turn failed');
    return answer(response, 500);
  }
}

function answer(
  response: ServerResponse,
  status: number,
  body?: unknown,
  options: { closeAfter?: boolean; request?: IncomingMessage } = {},
): number {
  if (response.headersSent) return status;
  const text = body === undefined ? '' : JSON.stringify(body);
  response.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(text),
    // A body we stopped reading is not read to its end: the connection goes instead.
    ...(options.closeAfter ? { connection: 'close' } : {}),
  });
  if (options.closeAfter) response.once('finish', () => options.request?.socket.destroy());
  response.end(text);
  return status;
}
