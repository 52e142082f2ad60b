import { TeamsAdapter } from '@microsoft/teams-ai';
import { createTeamsApp } from './app.js';
import type { Config } from './platform/config.js';
import { createCosmosClient, type CosmosConnection } from './platform/cosmos/client.js';
import { openStorage, type Storage } from './platform/cosmos/containers.js';
import { startHttpServer } from './platform/http/server.js';
import { HttpRoutes } from './platform/http/routes.js';
import { Scheduler } from './platform/scheduler.js';
import { Messenger } from './platform/teams/messenger.js';
import { ConfigError } from './platform/config.js';
import type { Logger } from './platform/logger.js';
import { ProgrammeStore } from './features/programmes/store.js';
import { parseSeedPeople, seedExampleProgramme } from './features/programmes/seed.js';

export type RunningBot = { port: number; storage: Storage; scheduler: Scheduler; messenger: Messenger; close(): Promise<void> };

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
  if (!config.voteAnonymityKey) {
    throw new ConfigError('Configuration error: VOTE_ANONYMITY_KEY is required (at least 32 random characters, kept secret and never changed)');
  }
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
  const messenger = new Messenger(adapter, config.bot.appId ?? '', logger);
  const scheduler = new Scheduler(storage.containers.jobs, clock, logger);
  const http = new HttpRoutes();
  const app = createTeamsApp({ adapter, config, storage, logger, clock, messenger, scheduler, http });

  const server = await startHttpServer(config.port, {
    adapter,
    runTurn: async (context) => {
      await app.run(context);
    },
    isHealthy: storage.isHealthy,
    routes: http,
    logger,
  });
  const stopScheduler = config.schedulerIntervalSeconds > 0 ? scheduler.start(config.schedulerIntervalSeconds * 1000) : () => {};

  return {
    port: server.port,
    storage,
    scheduler,
    messenger,
    close: async () => {
      stopScheduler();
      await server.close();
      client.dispose();
    },
  };
}
