import type { AddressInfo } from 'node:net';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import restify from 'restify';
import type { Logger } from '../logger.js';

export type HttpServerDeps = {
  adapter: TeamsAdapter;
  runTurn: (context: TurnContext) => Promise<void>;
  isHealthy: () => Promise<boolean>;
  logger: Logger;
};

export type RunningHttpServer = { port: number; close(): Promise<void> };

/** The bot's only two doors: Teams posts activities to /api/messages; Azure probes /health. */
export async function startHttpServer(port: number, deps: HttpServerDeps): Promise<RunningHttpServer> {
  const server = restify.createServer({ name: 'fokusgrupper', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false }));

  server.post('/api/messages', async (request, response) => {
    await deps.adapter.process(request, response, deps.runTurn);
  });

  server.get('/health', async (_request, response) => {
    const healthy = await deps.isHealthy();
    response.send(healthy ? 200 : 503, { status: healthy ? 'ok' : 'store unavailable' });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve());
  });
  const address = server.address() as unknown as AddressInfo;
  deps.logger.debug({ port: address.port }, 'http server listening');
  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
