import { startBot } from './composition.js';
import { ConfigError, loadConfig } from './platform/config.js';
import { createLogger } from './platform/logger.js';

/** Production entry: the bot alone, against Azure Cosmos DB (COSMOS_ENDPOINT, with a key or Entra ID). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.cosmos.endpoint)
    throw new ConfigError('Configuration error: COSMOS_ENDPOINT is required (use `npm start` to try the bot locally)');
  if (!config.storage.connectionString && !config.storage.accountUrl) {
    throw new ConfigError(
      'Configuration error: STORAGE_ACCOUNT_URL (or STORAGE_CONNECTION_STRING) is required for output videos',
    );
  }
  const logger = createLogger(config.logLevel);
  const bot = await startBot({
    config,
    cosmos: { endpoint: config.cosmos.endpoint, ...(config.cosmos.key ? { key: config.cosmos.key } : {}) },
    logger,
  });
  logger.info({ port: bot.port }, 'Fokusgrupper is listening on /api/messages');
  const stop = async () => {
    await bot.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  // A configuration mistake is one clear line, not a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
