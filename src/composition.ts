import { TeamsAdapter } from '@microsoft/teams-ai';
import { createTeamsApp } from './app.js';
import type { Config } from './platform/config.js';
import { createCosmosClient, type CosmosConnection } from './platform/cosmos/client.js';
import { openStorage, type Storage } from './platform/cosmos/containers.js';
import { startHttpServer } from './platform/http/server.js';
import type { Logger } from './platform/logger.js';
import { ProgrammeStore } from './features/programmes/store.js';
import { parseSeedPeople, seedExampleProgramme } from './features/programmes/seed.js';

export type RunningBot = { port: number; storage: Storage; close(): Promise<void> };

export type BotOptions = {
  config: Config;
  cosmos: CosmosConnection;
  logger: Logger;
  clock?: () => Date;
};

/**
 * The composition root: config → storage (seeded when empty) → Teams app → HTTP server. The production entry (main.ts), the
 * development entry (main.dev.ts), the tests and the benchmarks all start the bot through here.
 */
export async function startBot({ config, cosmos, logger, clock = () => new Date() }: BotOptions): Promise<RunningBot> {
  const client = createCosmosClient(cosmos);
  const storage = await openStorage(client, config.cosmos.database, logger);
  const seeded = await seedExampleProgramme(
    new ProgrammeStore(storage.containers.programmes, storage.containers.conversations),
    parseSeedPeople(config.seedCoordinatorIds),
    clock(),
  );
  if (seeded) logger.info('seeded the example programme "Fokusgrupper digitalt först"');

  const adapter = new TeamsAdapter({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  const app = createTeamsApp({ adapter, config, storage, logger, clock });

  const server = await startHttpServer(config.port, {
    adapter,
    runTurn: async (context) => {
      await app.run(context);
    },
    isHealthy: storage.isHealthy,
    logger,
  });

  return {
    port: server.port,
    storage,
    close: async () => {
      await server.close();
      client.dispose();
    },
  };
}
