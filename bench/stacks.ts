import { randomUUID } from 'node:crypto';
import { Application, type TurnState } from '@microsoft/teams-ai';
import { z } from 'zod/v4';
import type { Documents } from '../src/platform/cosmos/documents.js';
import { startHttpServer, type RunningHttpServer } from '../src/platform/http/server.js';
import { HttpRoutes } from '../src/platform/http/routes.js';
import { silentLogger } from '../src/platform/logger.js';
import { loadConfig } from '../src/platform/config.js';
import { Rejections } from '../src/platform/rejections.js';
import { BotAdapter } from '../src/platform/teams/adapter.js';
import { ChannelAuthentication } from '../src/platform/teams/authentication.js';

const FIXED_CARD = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'TextBlock', text: 'Tack, ditt svar är sparat.' }],
};

/**
 * A bare teams-ai app behind the same restify server and adapter as the product, answering one verb:
 * the floor returns a fixed card; the limit first upserts one vote document, the least a durable vote costs.
 */
export async function startReferenceStack(kind: 'floor' | 'limit', votes?: Documents): Promise<RunningHttpServer> {
  const adapter = new BotAdapter(loadConfig({}));
  const app = new Application<TurnState>({
    adapter,
    botAppId: '',
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  const dataSchema = z.object({ pollId: z.string() }).catchall(z.unknown());
  app.adaptiveCards.actionExecute('bench.vote', async (context, _state, data) => {
    if (kind === 'limit') {
      const { pollId, ...answers } = dataSchema.parse(data);
      await votes!.upsert({
        id: `vote:${context.activity.from.aadObjectId}`,
        pollId,
        type: 'vote',
        answers,
        votedAt: new Date().toISOString(),
      });
    }
    return FIXED_CARD as never;
  });
  return startHttpServer(0, {
    adapter,
    authentication: new ChannelAuthentication('', adapter),
    rejections: new Rejections(silentLogger),
    runTurn: async (context) => {
      await app.run(context);
    },
    isHealthy: async () => true,
    routes: new HttpRoutes(),
    logger: silentLogger,
  });
}

export function invokeActivity(serviceUrl: string, voterId: string, verb: string, data: Record<string, unknown>) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: randomUUID(),
    channelId: 'msteams',
    serviceUrl,
    locale: 'sv-SE',
    from: { id: `29:${voterId}`, aadObjectId: voterId, name: voterId },
    recipient: { id: '28:bench-bot', name: 'Fokusgrupper' },
    conversation: { id: '19:bench@thread.tacv2', conversationType: 'channel', tenantId: 'bench' },
    channelData: { tenant: { id: 'bench' } },
    replyToId: 'poll-card',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}
