import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBot, type BotOptions, type RunningBot } from '../src/composition.js';
import { loadConfig } from '../src/platform/config.js';
import type { EmbeddedCosmos } from '../src/platform/cosmos/embedded-server.js';
import { silentLogger } from '../src/platform/logger.js';

/**
 * The real bot as a benchmark measures it: on the embedded Cosmos server, in a database of its own unless
 * `environment` names one (two instances sharing a store), with the scheduler off so nothing runs but what is
 * measured, tenant `bench` only, and nothing logged. `environment` adds or overrides settings.
 */
export function startBenchBot(
  cosmos: EmbeddedCosmos,
  environment: Record<string, string> = {},
  options: Omit<BotOptions, 'config' | 'cosmos' | 'logger'> = {},
): Promise<RunningBot> {
  return startBot({
    config: loadConfig({
      PORT: '0',
      COSMOS_DATABASE: `bench-${randomUUID()}`,
      VOTE_ANONYMITY_KEY: 'bench-only-anonymity-key-0123456789abcdef',
      SCHEDULER_INTERVAL_SECONDS: '0',
      ALLOWED_TENANT_IDS: 'bench',
      ...environment,
    }),
    cosmos: cosmos.connection,
    logger: silentLogger,
    ...options,
  });
}

/**
 * A stand-in for Teams' connector that accepts every reply at once, so a benchmark measures the bot, not Teams:
 * its `serviceUrl` goes into the activities sent to the bot; close the server at the end.
 */
export async function startAcceptingConnector(): Promise<{ serviceUrl: string; server: Server }> {
  const server = createServer((_request, response) =>
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { serviceUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
